IF OBJECT_ID(N'[ledger].[__EFMigrationsHistory]') IS NULL
BEGIN
    IF SCHEMA_ID(N'ledger') IS NULL EXEC(N'CREATE SCHEMA [ledger];');
    CREATE TABLE [ledger].[__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    IF SCHEMA_ID(N'ledger') IS NULL EXEC(N'CREATE SCHEMA [ledger];');
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE TABLE [ledger].[Exchanges] (
        [Id] nvarchar(64) NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [Unit] nvarchar(40) NOT NULL,
        [FeeBasisPoints] int NOT NULL,
        [OperatingAccountId] uniqueidentifier NOT NULL,
        [ClearingAccountId] uniqueidentifier NOT NULL,
        [ReserveAccountId] uniqueidentifier NOT NULL,
        [LastSequence] bigint NOT NULL,
        [LastHash] varbinary(32) NOT NULL,
        CONSTRAINT [PK_Exchanges] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE TABLE [ledger].[InboxMessages] (
        [MessageId] uniqueidentifier NOT NULL,
        [Consumer] nvarchar(200) NOT NULL,
        [ProcessedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_InboxMessages] PRIMARY KEY ([MessageId], [Consumer])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE TABLE [ledger].[JournalEntries] (
        [ExchangeId] nvarchar(64) NOT NULL,
        [Sequence] bigint NOT NULL,
        [TransferId] uniqueidentifier NOT NULL,
        [Kind] nvarchar(20) NOT NULL,
        [Code] nvarchar(20) NOT NULL,
        [DebitAccountId] uniqueidentifier NOT NULL,
        [CreditAccountId] uniqueidentifier NOT NULL,
        [Amount] bigint NOT NULL,
        [RelatedTransferId] uniqueidentifier NOT NULL,
        [PostedAt] datetimeoffset NOT NULL,
        [Memo] nvarchar(500) NOT NULL,
        [OrderReference] nvarchar(100) NULL,
        [PreviousHash] varbinary(32) NOT NULL,
        [Hash] varbinary(32) NOT NULL,
        CONSTRAINT [PK_JournalEntries] PRIMARY KEY ([ExchangeId], [Sequence])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE TABLE [ledger].[LimitChanges] (
        [Id] uniqueidentifier NOT NULL,
        [AccountId] uniqueidentifier NOT NULL,
        [PreviousDebitLimit] bigint NOT NULL,
        [PreviousCreditLimit] bigint NOT NULL,
        [DebitLimit] bigint NOT NULL,
        [CreditLimit] bigint NOT NULL,
        [ChangedBy] nvarchar(64) NOT NULL,
        [ChangedAt] datetimeoffset NOT NULL,
        [Reason] nvarchar(500) NOT NULL,
        CONSTRAINT [PK_LimitChanges] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE TABLE [ledger].[OutboxMessages] (
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
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE TABLE [ledger].[Transfers] (
        [Id] uniqueidentifier NOT NULL,
        [Kind] nvarchar(20) NOT NULL,
        [RequestDebitAccountId] uniqueidentifier NOT NULL,
        [RequestCreditAccountId] uniqueidentifier NOT NULL,
        [RequestAmount] bigint NOT NULL,
        [Code] nvarchar(20) NOT NULL,
        [Memo] nvarchar(500) NOT NULL,
        [OrderReference] nvarchar(100) NULL,
        [TimeoutTicks] bigint NULL,
        [PendingId] uniqueidentifier NULL,
        [OriginalId] uniqueidentifier NULL,
        [ExchangeId] nvarchar(64) NOT NULL,
        [DebitAccountId] uniqueidentifier NOT NULL,
        [CreditAccountId] uniqueidentifier NOT NULL,
        [Amount] bigint NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [ExpiresAt] datetimeoffset NULL,
        [HoldStatus] nvarchar(20) NOT NULL,
        [ResolvedById] uniqueidentifier NULL,
        [ResolvedAt] datetimeoffset NULL,
        [PostedAmount] bigint NOT NULL,
        [ReversedById] uniqueidentifier NULL,
        [JournalSequence] bigint NULL,
        [TradeId] uniqueidentifier NULL,
        [TradeRole] nvarchar(20) NULL,
        [TradeFeeBasisPoints] int NULL,
        CONSTRAINT [PK_Transfers] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE TABLE [ledger].[Accounts] (
        [Id] uniqueidentifier NOT NULL,
        [OwnerId] uniqueidentifier NOT NULL,
        [Kind] nvarchar(20) NOT NULL,
        [ExchangeId] nvarchar(64) NOT NULL,
        [Name] nvarchar(200) NOT NULL,
        [Balance] bigint NOT NULL,
        [PendingDebits] bigint NOT NULL,
        [PendingCredits] bigint NOT NULL,
        [DebitLimit] bigint NOT NULL,
        [CreditLimit] bigint NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [Version] bigint NOT NULL,
        [OpenedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_Accounts] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Accounts_Exchanges_ExchangeId] FOREIGN KEY ([ExchangeId]) REFERENCES [ledger].[Exchanges] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE TABLE [ledger].[AccountHolder] (
        [AccountId] uniqueidentifier NOT NULL,
        [UserId] nvarchar(64) NOT NULL,
        CONSTRAINT [PK_AccountHolder] PRIMARY KEY ([AccountId], [UserId]),
        CONSTRAINT [FK_AccountHolder_Accounts_AccountId] FOREIGN KEY ([AccountId]) REFERENCES [ledger].[Accounts] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE TABLE [ledger].[PaymentRequests] (
        [Id] uniqueidentifier NOT NULL,
        [PayeeAccountId] uniqueidentifier NOT NULL,
        [PayerAccountId] uniqueidentifier NOT NULL,
        [Amount] bigint NOT NULL,
        [Memo] nvarchar(500) NOT NULL,
        [DueDate] date NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [CreatedBy] nvarchar(64) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [AcceptedBy] nvarchar(64) NULL,
        [AcceptedAt] datetimeoffset NULL,
        [TransferId] uniqueidentifier NULL,
        [PaymentStartedAt] datetimeoffset NULL,
        [PaidBy] nvarchar(64) NULL,
        [PaidAt] datetimeoffset NULL,
        [ClosedBy] nvarchar(64) NULL,
        [ClosedAt] datetimeoffset NULL,
        [CloseReason] nvarchar(500) NULL,
        [Version] bigint NOT NULL,
        CONSTRAINT [PK_PaymentRequests] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_PaymentRequests_Accounts_PayeeAccountId] FOREIGN KEY ([PayeeAccountId]) REFERENCES [ledger].[Accounts] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_PaymentRequests_Accounts_PayerAccountId] FOREIGN KEY ([PayerAccountId]) REFERENCES [ledger].[Accounts] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE INDEX [IX_AccountHolder_UserId] ON [ledger].[AccountHolder] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE INDEX [IX_Accounts_ExchangeId] ON [ledger].[Accounts] ([ExchangeId]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Accounts_OwnerId_ExchangeId_Kind] ON [ledger].[Accounts] ([OwnerId], [ExchangeId], [Kind]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE INDEX [IX_InboxMessages_ProcessedAt] ON [ledger].[InboxMessages] ([ProcessedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE INDEX [IX_JournalEntries_CreditAccountId_PostedAt] ON [ledger].[JournalEntries] ([CreditAccountId], [PostedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE INDEX [IX_JournalEntries_DebitAccountId_PostedAt] ON [ledger].[JournalEntries] ([DebitAccountId], [PostedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_JournalEntries_TransferId] ON [ledger].[JournalEntries] ([TransferId]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE INDEX [IX_LimitChanges_AccountId_ChangedAt] ON [ledger].[LimitChanges] ([AccountId], [ChangedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE INDEX [IX_OutboxMessages_SentAt_NextAttemptAt] ON [ledger].[OutboxMessages] ([SentAt], [NextAttemptAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE INDEX [IX_PaymentRequests_PayeeAccountId_Status] ON [ledger].[PaymentRequests] ([PayeeAccountId], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE INDEX [IX_PaymentRequests_PayerAccountId_Status] ON [ledger].[PaymentRequests] ([PayerAccountId], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE INDEX [IX_PaymentRequests_Status_DueDate] ON [ledger].[PaymentRequests] ([Status], [DueDate]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE INDEX [IX_Transfers_CreditAccountId_CreatedAt] ON [ledger].[Transfers] ([CreditAccountId], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE INDEX [IX_Transfers_DebitAccountId_CreatedAt] ON [ledger].[Transfers] ([DebitAccountId], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE INDEX [IX_Transfers_HoldStatus_ExpiresAt] ON [ledger].[Transfers] ([HoldStatus], [ExpiresAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE INDEX [IX_Transfers_OrderReference] ON [ledger].[Transfers] ([OrderReference]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    CREATE INDEX [IX_Transfers_TradeId] ON [ledger].[Transfers] ([TradeId]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128232604_Initial'
)
BEGIN
    INSERT INTO [ledger].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261128232604_Initial', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129054328_DropUnqueriedTransferIndexes'
)
BEGIN
    DROP INDEX [IX_Transfers_CreditAccountId_CreatedAt] ON [ledger].[Transfers];
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129054328_DropUnqueriedTransferIndexes'
)
BEGIN
    DROP INDEX [IX_Transfers_DebitAccountId_CreatedAt] ON [ledger].[Transfers];
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129054328_DropUnqueriedTransferIndexes'
)
BEGIN
    DROP INDEX [IX_Transfers_OrderReference] ON [ledger].[Transfers];
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129054328_DropUnqueriedTransferIndexes'
)
BEGIN
    INSERT INTO [ledger].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261129054328_DropUnqueriedTransferIndexes', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129075246_DropJournalTransferIdIndex'
)
BEGIN
    DROP INDEX [IX_JournalEntries_TransferId] ON [ledger].[JournalEntries];
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129075246_DropJournalTransferIdIndex'
)
BEGIN
    INSERT INTO [ledger].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261129075246_DropJournalTransferIdIndex', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129121130_TransferPlacedByOrdering'
)
BEGIN
    ALTER TABLE [ledger].[Transfers] ADD [PlacedByOrdering] bit NOT NULL DEFAULT CAST(0 AS bit);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129121130_TransferPlacedByOrdering'
)
BEGIN
    INSERT INTO [ledger].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261129121130_TransferPlacedByOrdering', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129143612_AccountStatusChanges'
)
BEGIN
    CREATE TABLE [ledger].[AccountStatusChanges] (
        [Id] uniqueidentifier NOT NULL,
        [AccountId] uniqueidentifier NOT NULL,
        [AccountVersion] bigint NOT NULL,
        [PreviousStatus] nvarchar(20) NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [ChangedBy] nvarchar(64) NOT NULL,
        [ChangedAt] datetimeoffset NOT NULL,
        [Reason] nvarchar(500) NOT NULL,
        CONSTRAINT [PK_AccountStatusChanges] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AccountStatusChanges_Accounts_AccountId] FOREIGN KEY ([AccountId]) REFERENCES [ledger].[Accounts] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129143612_AccountStatusChanges'
)
BEGIN
    CREATE UNIQUE INDEX [IX_AccountStatusChanges_AccountId_AccountVersion] ON [ledger].[AccountStatusChanges] ([AccountId], [AccountVersion]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129143612_AccountStatusChanges'
)
BEGIN
    INSERT INTO [ledger].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261129143612_AccountStatusChanges', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129144207_FailedMessages'
)
BEGIN
    CREATE TABLE [ledger].[FailedMessages] (
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
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129144207_FailedMessages'
)
BEGIN
    CREATE INDEX [IX_FailedMessages_Status_LastFailedAt] ON [ledger].[FailedMessages] ([Status], [LastFailedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129144207_FailedMessages'
)
BEGIN
    INSERT INTO [ledger].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261129144207_FailedMessages', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130003555_ClearingRuns'
)
BEGIN
    ALTER TABLE [ledger].[PaymentRequests] ADD [ClearedAmount] bigint NOT NULL DEFAULT CAST(0 AS bigint);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130003555_ClearingRuns'
)
BEGIN
    CREATE TABLE [ledger].[ClearingRuns] (
        [Id] uniqueidentifier NOT NULL,
        [ExchangeId] nvarchar(64) NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [ObligationCount] int NOT NULL,
        [SkippedCount] int NOT NULL,
        [TotalBefore] bigint NOT NULL,
        [TotalSetOff] bigint NOT NULL,
        [PreviewedBy] nvarchar(64) NOT NULL,
        [PreviewedAt] datetimeoffset NOT NULL,
        [ApprovedBy] nvarchar(64) NULL,
        [ApprovedAt] datetimeoffset NULL,
        [PostedBy] nvarchar(64) NULL,
        [PostedAt] datetimeoffset NULL,
        [AbandonedBy] nvarchar(64) NULL,
        [AbandonedAt] datetimeoffset NULL,
        [AbandonReason] nvarchar(500) NULL,
        [Version] bigint NOT NULL,
        CONSTRAINT [PK_ClearingRuns] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ClearingRuns_Exchanges_ExchangeId] FOREIGN KEY ([ExchangeId]) REFERENCES [ledger].[Exchanges] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130003555_ClearingRuns'
)
BEGIN
    CREATE TABLE [ledger].[ClearingRunAccounts] (
        [RunId] uniqueidentifier NOT NULL,
        [AccountId] uniqueidentifier NOT NULL,
        [OwedBefore] bigint NOT NULL,
        [OwedToBefore] bigint NOT NULL,
        [SetOff] bigint NOT NULL,
        CONSTRAINT [PK_ClearingRunAccounts] PRIMARY KEY ([RunId], [AccountId]),
        CONSTRAINT [FK_ClearingRunAccounts_Accounts_AccountId] FOREIGN KEY ([AccountId]) REFERENCES [ledger].[Accounts] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_ClearingRunAccounts_ClearingRuns_RunId] FOREIGN KEY ([RunId]) REFERENCES [ledger].[ClearingRuns] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130003555_ClearingRuns'
)
BEGIN
    CREATE TABLE [ledger].[ClearingRunLines] (
        [RunId] uniqueidentifier NOT NULL,
        [RequestId] uniqueidentifier NOT NULL,
        [PayerAccountId] uniqueidentifier NOT NULL,
        [PayeeAccountId] uniqueidentifier NOT NULL,
        [OutstandingBefore] bigint NOT NULL,
        [SetOff] bigint NOT NULL,
        [RequestVersion] bigint NOT NULL,
        CONSTRAINT [PK_ClearingRunLines] PRIMARY KEY ([RunId], [RequestId]),
        CONSTRAINT [FK_ClearingRunLines_ClearingRuns_RunId] FOREIGN KEY ([RunId]) REFERENCES [ledger].[ClearingRuns] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_ClearingRunLines_PaymentRequests_RequestId] FOREIGN KEY ([RequestId]) REFERENCES [ledger].[PaymentRequests] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130003555_ClearingRuns'
)
BEGIN
    CREATE INDEX [IX_ClearingRunAccounts_AccountId] ON [ledger].[ClearingRunAccounts] ([AccountId]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130003555_ClearingRuns'
)
BEGIN
    CREATE INDEX [IX_ClearingRunLines_RequestId] ON [ledger].[ClearingRunLines] ([RequestId]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130003555_ClearingRuns'
)
BEGIN
    CREATE INDEX [IX_ClearingRuns_ExchangeId_PreviewedAt] ON [ledger].[ClearingRuns] ([ExchangeId], [PreviewedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130003555_ClearingRuns'
)
BEGIN
    INSERT INTO [ledger].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261130003555_ClearingRuns', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130011255_SettlementRuns'
)
BEGIN
    CREATE TABLE [ledger].[SettlementRuns] (
        [Id] uniqueidentifier NOT NULL,
        [Reference] nvarchar(100) NOT NULL,
        [TotalSettled] bigint NOT NULL,
        [PostClaimedBy] nvarchar(64) NULL,
        [PostClaimedAt] datetimeoffset NULL,
        [Status] nvarchar(20) NOT NULL,
        [PreviewedBy] nvarchar(64) NOT NULL,
        [PreviewedAt] datetimeoffset NOT NULL,
        [ApprovedBy] nvarchar(64) NULL,
        [ApprovedAt] datetimeoffset NULL,
        [PostedBy] nvarchar(64) NULL,
        [PostedAt] datetimeoffset NULL,
        [AbandonedBy] nvarchar(64) NULL,
        [AbandonedAt] datetimeoffset NULL,
        [AbandonReason] nvarchar(500) NULL,
        [Version] bigint NOT NULL,
        CONSTRAINT [PK_SettlementRuns] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130011255_SettlementRuns'
)
BEGIN
    CREATE TABLE [ledger].[SettlementRunPositions] (
        [RunId] uniqueidentifier NOT NULL,
        [ExchangeId] nvarchar(64) NOT NULL,
        [PositionBefore] bigint NOT NULL,
        [Change] bigint NOT NULL,
        CONSTRAINT [PK_SettlementRunPositions] PRIMARY KEY ([RunId], [ExchangeId]),
        CONSTRAINT [FK_SettlementRunPositions_Exchanges_ExchangeId] FOREIGN KEY ([ExchangeId]) REFERENCES [ledger].[Exchanges] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_SettlementRunPositions_SettlementRuns_RunId] FOREIGN KEY ([RunId]) REFERENCES [ledger].[SettlementRuns] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130011255_SettlementRuns'
)
BEGIN
    CREATE TABLE [ledger].[SettlementRunTransfers] (
        [RunId] uniqueidentifier NOT NULL,
        [Index] int NOT NULL,
        [FromExchangeId] nvarchar(64) NOT NULL,
        [ToExchangeId] nvarchar(64) NOT NULL,
        [Amount] bigint NOT NULL,
        CONSTRAINT [PK_SettlementRunTransfers] PRIMARY KEY ([RunId], [Index]),
        CONSTRAINT [FK_SettlementRunTransfers_SettlementRuns_RunId] FOREIGN KEY ([RunId]) REFERENCES [ledger].[SettlementRuns] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130011255_SettlementRuns'
)
BEGIN
    CREATE INDEX [IX_SettlementRunPositions_ExchangeId] ON [ledger].[SettlementRunPositions] ([ExchangeId]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130011255_SettlementRuns'
)
BEGIN
    CREATE INDEX [IX_SettlementRuns_PreviewedAt] ON [ledger].[SettlementRuns] ([PreviewedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130011255_SettlementRuns'
)
BEGIN
    INSERT INTO [ledger].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261130011255_SettlementRuns', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130033529_PeriodCloses'
)
BEGIN
    CREATE TABLE [ledger].[PeriodCloseRuns] (
        [Id] uniqueidentifier NOT NULL,
        [ExchangeId] nvarchar(64) NOT NULL,
        [PeriodStart] datetimeoffset NOT NULL,
        [PeriodEnd] datetimeoffset NOT NULL,
        [LevyBasisPoints] int NOT NULL,
        [DemurrageBasisPoints] int NOT NULL,
        [DormantAfterDays] int NULL,
        [DebitLimitTurnoverBasisPoints] int NOT NULL,
        [MinDebitLimit] bigint NOT NULL,
        [MaxDebitLimit] bigint NOT NULL,
        [TurnoverWindowDays] int NOT NULL,
        [TotalCredits] bigint NOT NULL,
        [TotalLimitIncrease] bigint NOT NULL,
        [PostClaimedBy] nvarchar(64) NULL,
        [PostClaimedAt] datetimeoffset NULL,
        [Status] nvarchar(20) NOT NULL,
        [PreviewedBy] nvarchar(64) NOT NULL,
        [PreviewedAt] datetimeoffset NOT NULL,
        [ApprovedBy] nvarchar(64) NULL,
        [ApprovedAt] datetimeoffset NULL,
        [PostedBy] nvarchar(64) NULL,
        [PostedAt] datetimeoffset NULL,
        [AbandonedBy] nvarchar(64) NULL,
        [AbandonedAt] datetimeoffset NULL,
        [AbandonReason] nvarchar(500) NULL,
        [Version] bigint NOT NULL,
        CONSTRAINT [PK_PeriodCloseRuns] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_PeriodCloseRuns_Exchanges_ExchangeId] FOREIGN KEY ([ExchangeId]) REFERENCES [ledger].[Exchanges] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130033529_PeriodCloses'
)
BEGIN
    CREATE TABLE [ledger].[PeriodCloseRunItems] (
        [RunId] uniqueidentifier NOT NULL,
        [Index] int NOT NULL,
        [Kind] nvarchar(20) NOT NULL,
        [AccountId] uniqueidentifier NOT NULL,
        [Amount] bigint NOT NULL,
        [BalanceBefore] bigint NOT NULL,
        [DebitLimitBefore] bigint NOT NULL,
        [AccountVersionBefore] bigint NOT NULL,
        [NewDebitLimit] bigint NULL,
        [Reason] nvarchar(200) NOT NULL,
        [Outcome] nvarchar(20) NOT NULL,
        [OutcomeDetail] nvarchar(500) NULL,
        CONSTRAINT [PK_PeriodCloseRunItems] PRIMARY KEY ([RunId], [Index]),
        CONSTRAINT [FK_PeriodCloseRunItems_Accounts_AccountId] FOREIGN KEY ([AccountId]) REFERENCES [ledger].[Accounts] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_PeriodCloseRunItems_PeriodCloseRuns_RunId] FOREIGN KEY ([RunId]) REFERENCES [ledger].[PeriodCloseRuns] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130033529_PeriodCloses'
)
BEGIN
    CREATE INDEX [IX_PeriodCloseRunItems_AccountId] ON [ledger].[PeriodCloseRunItems] ([AccountId]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130033529_PeriodCloses'
)
BEGIN
    CREATE INDEX [IX_PeriodCloseRuns_ExchangeId_PeriodStart] ON [ledger].[PeriodCloseRuns] ([ExchangeId], [PeriodStart]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130033529_PeriodCloses'
)
BEGIN
    CREATE INDEX [IX_PeriodCloseRuns_PreviewedAt] ON [ledger].[PeriodCloseRuns] ([PreviewedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130033529_PeriodCloses'
)
BEGIN
    INSERT INTO [ledger].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261130033529_PeriodCloses', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201012241_TransferRequestCode'
)
BEGIN
    ALTER TABLE [ledger].[Transfers] ADD [RequestCode] nvarchar(20) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201012241_TransferRequestCode'
)
BEGIN
    ALTER TABLE [ledger].[Transfers] ADD [RequestOrderReference] nvarchar(100) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201012241_TransferRequestCode'
)
BEGIN
    INSERT INTO [ledger].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261201012241_TransferRequestCode', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201024250_VendorStaffCopies'
)
BEGIN
    CREATE TABLE [ledger].[VendorStaff] (
        [VendorId] uniqueidentifier NOT NULL,
        [StaffVersion] int NOT NULL,
        [UserIds] nvarchar(max) NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_VendorStaff] PRIMARY KEY ([VendorId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201024250_VendorStaffCopies'
)
BEGIN
    INSERT INTO [ledger].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261201024250_VendorStaffCopies', N'10.0.15');
END;

COMMIT;
GO

