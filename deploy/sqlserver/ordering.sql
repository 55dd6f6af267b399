IF OBJECT_ID(N'[ordering].[__EFMigrationsHistory]') IS NULL
BEGIN
    IF SCHEMA_ID(N'ordering') IS NULL EXEC(N'CREATE SCHEMA [ordering];');
    CREATE TABLE [ordering].[__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    IF SCHEMA_ID(N'ordering') IS NULL EXEC(N'CREATE SCHEMA [ordering];');
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE TABLE [ordering].[CardReconciliationReports] (
        [Id] uniqueidentifier NOT NULL,
        [PeriodStart] datetimeoffset NOT NULL,
        [PeriodEnd] datetimeoffset NOT NULL,
        [RanAt] datetimeoffset NOT NULL,
        [Gateway] nvarchar(20) NOT NULL,
        [TransactionCount] int NOT NULL,
        [ExpectedCount] int NOT NULL,
        [MismatchCount] int NOT NULL,
        [Mismatches] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_CardReconciliationReports] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE TABLE [ordering].[CartLines] (
        [BuyerUserId] nvarchar(100) NOT NULL,
        [ListingId] uniqueidentifier NOT NULL,
        [Quantity] int NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_CartLines] PRIMARY KEY ([BuyerUserId], [ListingId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE TABLE [ordering].[Checkouts] (
        [Id] uniqueidentifier NOT NULL,
        [BuyerUserId] nvarchar(100) NOT NULL,
        [IdempotencyKey] nvarchar(100) NOT NULL,
        [RequestHash] nvarchar(64) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [CardOrdersAwaitingStock] int NOT NULL,
        [CardPaymentRequested] bit NOT NULL,
        [CardGateway] nvarchar(20) NULL,
        [CardPaymentId] nvarchar(100) NULL,
        [CardPaymentStatus] nvarchar(30) NULL,
        [CardAmountCents] bigint NOT NULL,
        [CardClientSecret] nvarchar(300) NULL,
        [CardChargeId] nvarchar(100) NULL,
        [CardChargedAt] datetimeoffset NULL,
        [CardFailureMessage] nvarchar(500) NULL,
        [CardRefundedCents] bigint NOT NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_Checkouts] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE TABLE [ordering].[CreditAccountCopies] (
        [AccountId] uniqueidentifier NOT NULL,
        [OwnerId] uniqueidentifier NOT NULL,
        [ExchangeId] nvarchar(40) NOT NULL,
        [OpenedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_CreditAccountCopies] PRIMARY KEY ([AccountId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE TABLE [ordering].[InboxMessages] (
        [MessageId] uniqueidentifier NOT NULL,
        [Consumer] nvarchar(200) NOT NULL,
        [ProcessedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_InboxMessages] PRIMARY KEY ([MessageId], [Consumer])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE TABLE [ordering].[ListingCopies] (
        [ListingId] uniqueidentifier NOT NULL,
        [VendorId] uniqueidentifier NOT NULL,
        [Title] nvarchar(200) NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [PriceCents] bigint NULL,
        [PriceCredits] bigint NULL,
        [Stock] int NULL,
        [Version] int NOT NULL,
        [ChangedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_ListingCopies] PRIMARY KEY ([ListingId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE TABLE [ordering].[Orders] (
        [Id] uniqueidentifier NOT NULL,
        [CheckoutId] uniqueidentifier NOT NULL,
        [BuyerUserId] nvarchar(100) NOT NULL,
        [VendorId] uniqueidentifier NOT NULL,
        [PaymentMethod] nvarchar(20) NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [Total] bigint NOT NULL,
        [PayerAccountId] uniqueidentifier NULL,
        [PayeeAccountId] uniqueidentifier NULL,
        [HoldRequested] bit NOT NULL,
        [InCardPayment] bit NOT NULL,
        [PlatformFeeCents] bigint NULL,
        [TransferClaimedAt] datetimeoffset NULL,
        [TransferId] nvarchar(100) NULL,
        [TransferredAt] datetimeoffset NULL,
        [RefundId] nvarchar(100) NULL,
        [RefundedAt] datetimeoffset NULL,
        [TransferReversalId] nvarchar(100) NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        [PaidAt] datetimeoffset NULL,
        [FulfilledAt] datetimeoffset NULL,
        [HoldExpiresAt] datetimeoffset NULL,
        [DisputedAt] datetimeoffset NULL,
        [SettlementProblem] nvarchar(500) NULL,
        [SettlementProblemAt] datetimeoffset NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_Orders] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE TABLE [ordering].[OutboxMessages] (
        [Id] uniqueidentifier NOT NULL,
        [MessageType] nvarchar(300) NOT NULL,
        [Body] nvarchar(max) NOT NULL,
        [Destination] nvarchar(200) NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [SentAt] datetimeoffset NULL,
        [Attempts] int NOT NULL,
        [NextAttemptAt] datetimeoffset NOT NULL,
        [LastError] nvarchar(2000) NULL,
        [LockToken] uniqueidentifier NULL,
        [LockedUntil] datetimeoffset NULL,
        CONSTRAINT [PK_OutboxMessages] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE TABLE [ordering].[SimulatedCardObjects] (
        [Id] nvarchar(100) NOT NULL,
        [Kind] nvarchar(20) NOT NULL,
        [IdempotencyKey] nvarchar(200) NOT NULL,
        [Status] nvarchar(40) NOT NULL,
        [AmountCents] bigint NOT NULL,
        [AmountReceivedCents] bigint NOT NULL,
        [Reference] nvarchar(100) NULL,
        [ClientSecret] nvarchar(300) NULL,
        [FailureMessage] nvarchar(500) NULL,
        [Metadata] nvarchar(max) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [ChargedAt] datetimeoffset NULL,
        [TransferReversalCents] bigint NOT NULL,
        CONSTRAINT [PK_SimulatedCardObjects] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE TABLE [ordering].[StripeWebhookEvents] (
        [EventId] nvarchar(255) NOT NULL,
        [Type] nvarchar(100) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [ProcessedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_StripeWebhookEvents] PRIMARY KEY ([EventId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE TABLE [ordering].[VendorCopies] (
        [VendorId] uniqueidentifier NOT NULL,
        [Name] nvarchar(200) NOT NULL,
        [Sector] nvarchar(40) NOT NULL,
        [Certified] bit NOT NULL,
        [CertifiedUntil] datetimeoffset NULL,
        [CertificateId] uniqueidentifier NULL,
        [MembershipCategory] nvarchar(60) NOT NULL,
        [StaffUserIds] nvarchar(max) NOT NULL,
        [CreditAccountId] uniqueidentifier NULL,
        [StripeAccountId] nvarchar(100) NULL,
        [ChargesEnabled] bit NOT NULL,
        [PayoutsEnabled] bit NOT NULL,
        [PaymentAccountObservedAt] datetimeoffset NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_VendorCopies] PRIMARY KEY ([VendorId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE TABLE [ordering].[OrderHistory] (
        [Id] bigint NOT NULL IDENTITY,
        [OrderId] uniqueidentifier NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [At] datetimeoffset NOT NULL,
        [Actor] nvarchar(100) NOT NULL,
        [Reason] nvarchar(500) NULL,
        CONSTRAINT [PK_OrderHistory] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_OrderHistory_Orders_OrderId] FOREIGN KEY ([OrderId]) REFERENCES [ordering].[Orders] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE TABLE [ordering].[OrderLines] (
        [OrderId] uniqueidentifier NOT NULL,
        [LineNumber] int NOT NULL,
        [ListingId] uniqueidentifier NOT NULL,
        [Title] nvarchar(200) NOT NULL,
        [Quantity] int NOT NULL,
        [UnitPrice] bigint NOT NULL,
        CONSTRAINT [PK_OrderLines] PRIMARY KEY ([OrderId], [LineNumber]),
        CONSTRAINT [FK_OrderLines_Orders_OrderId] FOREIGN KEY ([OrderId]) REFERENCES [ordering].[Orders] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_CardReconciliationReports_PeriodStart] ON [ordering].[CardReconciliationReports] ([PeriodStart]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Checkouts_BuyerUserId_IdempotencyKey] ON [ordering].[Checkouts] ([BuyerUserId], [IdempotencyKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE INDEX [IX_Checkouts_CardPaymentId] ON [ordering].[Checkouts] ([CardPaymentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE INDEX [IX_CreditAccountCopies_OwnerId] ON [ordering].[CreditAccountCopies] ([OwnerId]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE INDEX [IX_InboxMessages_ProcessedAt] ON [ordering].[InboxMessages] ([ProcessedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE INDEX [IX_OrderHistory_OrderId] ON [ordering].[OrderHistory] ([OrderId]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE INDEX [IX_Orders_BuyerUserId_CreatedAt] ON [ordering].[Orders] ([BuyerUserId], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE INDEX [IX_Orders_CheckoutId] ON [ordering].[Orders] ([CheckoutId]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE INDEX [IX_Orders_Status_UpdatedAt] ON [ordering].[Orders] ([Status], [UpdatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE INDEX [IX_Orders_VendorId_CreatedAt] ON [ordering].[Orders] ([VendorId], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE INDEX [IX_OutboxMessages_SentAt_NextAttemptAt] ON [ordering].[OutboxMessages] ([SentAt], [NextAttemptAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_SimulatedCardObjects_Kind_IdempotencyKey] ON [ordering].[SimulatedCardObjects] ([Kind], [IdempotencyKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE INDEX [IX_StripeWebhookEvents_ProcessedAt] ON [ordering].[StripeWebhookEvents] ([ProcessedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    CREATE INDEX [IX_VendorCopies_StripeAccountId] ON [ordering].[VendorCopies] ([StripeAccountId]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129032156_Initial'
)
BEGIN
    INSERT INTO [ordering].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261129032156_Initial', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129143958_FailedMessages'
)
BEGIN
    CREATE TABLE [ordering].[FailedMessages] (
        [MessageId] uniqueidentifier NOT NULL,
        [Queue] nvarchar(200) NOT NULL,
        [MessageType] nvarchar(300) NOT NULL,
        [Body] nvarchar(max) NOT NULL,
        [Consumer] nvarchar(300) NOT NULL,
        [Error] nvarchar(4000) NOT NULL,
        [FirstFailedAt] datetimeoffset NOT NULL,
        [LastFailedAt] datetimeoffset NOT NULL,
        [Failures] int NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [ReplayedAt] datetimeoffset NULL,
        [ReplayedBy] nvarchar(200) NULL,
        [DiscardedAt] datetimeoffset NULL,
        [DiscardedBy] nvarchar(200) NULL,
        [DiscardReason] nvarchar(1000) NULL,
        CONSTRAINT [PK_FailedMessages] PRIMARY KEY ([MessageId], [Queue])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129143958_FailedMessages'
)
BEGIN
    CREATE INDEX [IX_FailedMessages_Status_LastFailedAt] ON [ordering].[FailedMessages] ([Status], [LastFailedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129143958_FailedMessages'
)
BEGIN
    INSERT INTO [ordering].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261129143958_FailedMessages', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130025136_CardPaymentLowering'
)
BEGIN
    ALTER TABLE [ordering].[Orders] ADD [CardPaymentLoweredToCents] bigint NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130025136_CardPaymentLowering'
)
BEGIN
    ALTER TABLE [ordering].[Checkouts] ADD [CardAmountReceivedCents] bigint NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130025136_CardPaymentLowering'
)
BEGIN
    INSERT INTO [ordering].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261130025136_CardPaymentLowering', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130220541_ExactKeysOnSqlServer'
)
BEGIN
    DROP INDEX [IX_VendorCopies_StripeAccountId] ON [ordering].[VendorCopies];
    DECLARE @var nvarchar(max);
    SELECT @var = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[ordering].[VendorCopies]') AND [c].[name] = N'StripeAccountId');
    IF @var IS NOT NULL EXEC(N'ALTER TABLE [ordering].[VendorCopies] DROP CONSTRAINT ' + @var + ';');
    ALTER TABLE [ordering].[VendorCopies] ALTER COLUMN [StripeAccountId] nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL;
    CREATE INDEX [IX_VendorCopies_StripeAccountId] ON [ordering].[VendorCopies] ([StripeAccountId]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130220541_ExactKeysOnSqlServer'
)
BEGIN
    ALTER TABLE [ordering].[StripeWebhookEvents] DROP CONSTRAINT [PK_StripeWebhookEvents];
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130220541_ExactKeysOnSqlServer'
)
BEGIN
    DECLARE @var1 nvarchar(max);
    SELECT @var1 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[ordering].[StripeWebhookEvents]') AND [c].[name] = N'EventId');
    IF @var1 IS NOT NULL EXEC(N'ALTER TABLE [ordering].[StripeWebhookEvents] DROP CONSTRAINT ' + @var1 + ';');
    ALTER TABLE [ordering].[StripeWebhookEvents] ALTER COLUMN [EventId] nvarchar(255) COLLATE Latin1_General_100_BIN2 NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130220541_ExactKeysOnSqlServer'
)
BEGIN
    ALTER TABLE [ordering].[StripeWebhookEvents] ADD CONSTRAINT [PK_StripeWebhookEvents] PRIMARY KEY ([EventId]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130220541_ExactKeysOnSqlServer'
)
BEGIN
    DECLARE @var2 nvarchar(max);
    SELECT @var2 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[ordering].[Orders]') AND [c].[name] = N'TransferReversalId');
    IF @var2 IS NOT NULL EXEC(N'ALTER TABLE [ordering].[Orders] DROP CONSTRAINT ' + @var2 + ';');
    ALTER TABLE [ordering].[Orders] ALTER COLUMN [TransferReversalId] nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130220541_ExactKeysOnSqlServer'
)
BEGIN
    DECLARE @var3 nvarchar(max);
    SELECT @var3 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[ordering].[Orders]') AND [c].[name] = N'TransferId');
    IF @var3 IS NOT NULL EXEC(N'ALTER TABLE [ordering].[Orders] DROP CONSTRAINT ' + @var3 + ';');
    ALTER TABLE [ordering].[Orders] ALTER COLUMN [TransferId] nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130220541_ExactKeysOnSqlServer'
)
BEGIN
    DECLARE @var4 nvarchar(max);
    SELECT @var4 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[ordering].[Orders]') AND [c].[name] = N'RefundId');
    IF @var4 IS NOT NULL EXEC(N'ALTER TABLE [ordering].[Orders] DROP CONSTRAINT ' + @var4 + ';');
    ALTER TABLE [ordering].[Orders] ALTER COLUMN [RefundId] nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130220541_ExactKeysOnSqlServer'
)
BEGIN
    DROP INDEX [IX_Checkouts_BuyerUserId_IdempotencyKey] ON [ordering].[Checkouts];
    DECLARE @var5 nvarchar(max);
    SELECT @var5 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[ordering].[Checkouts]') AND [c].[name] = N'IdempotencyKey');
    IF @var5 IS NOT NULL EXEC(N'ALTER TABLE [ordering].[Checkouts] DROP CONSTRAINT ' + @var5 + ';');
    ALTER TABLE [ordering].[Checkouts] ALTER COLUMN [IdempotencyKey] nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL;
    CREATE UNIQUE INDEX [IX_Checkouts_BuyerUserId_IdempotencyKey] ON [ordering].[Checkouts] ([BuyerUserId], [IdempotencyKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130220541_ExactKeysOnSqlServer'
)
BEGIN
    DROP INDEX [IX_Checkouts_CardPaymentId] ON [ordering].[Checkouts];
    DECLARE @var6 nvarchar(max);
    SELECT @var6 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[ordering].[Checkouts]') AND [c].[name] = N'CardPaymentId');
    IF @var6 IS NOT NULL EXEC(N'ALTER TABLE [ordering].[Checkouts] DROP CONSTRAINT ' + @var6 + ';');
    ALTER TABLE [ordering].[Checkouts] ALTER COLUMN [CardPaymentId] nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL;
    CREATE INDEX [IX_Checkouts_CardPaymentId] ON [ordering].[Checkouts] ([CardPaymentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130220541_ExactKeysOnSqlServer'
)
BEGIN
    DECLARE @var7 nvarchar(max);
    SELECT @var7 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[ordering].[Checkouts]') AND [c].[name] = N'CardChargeId');
    IF @var7 IS NOT NULL EXEC(N'ALTER TABLE [ordering].[Checkouts] DROP CONSTRAINT ' + @var7 + ';');
    ALTER TABLE [ordering].[Checkouts] ALTER COLUMN [CardChargeId] nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130220541_ExactKeysOnSqlServer'
)
BEGIN
    INSERT INTO [ordering].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261130220541_ExactKeysOnSqlServer', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201000903_AccountObservationToken'
)
BEGIN
    INSERT INTO [ordering].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261201000903_AccountObservationToken', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201024304_VendorStaffVersion'
)
BEGIN
    ALTER TABLE [ordering].[VendorCopies] ADD [StaffVersion] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201024304_VendorStaffVersion'
)
BEGIN
    INSERT INTO [ordering].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261201024304_VendorStaffVersion', N'10.0.15');
END;

COMMIT;
GO

