IF OBJECT_ID(N'[catalog].[__EFMigrationsHistory]') IS NULL
BEGIN
    IF SCHEMA_ID(N'catalog') IS NULL EXEC(N'CREATE SCHEMA [catalog];');
    CREATE TABLE [catalog].[__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    IF SCHEMA_ID(N'catalog') IS NULL EXEC(N'CREATE SCHEMA [catalog];');
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE TABLE [catalog].[InboxMessages] (
        [MessageId] uniqueidentifier NOT NULL,
        [Consumer] nvarchar(200) NOT NULL,
        [ProcessedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_InboxMessages] PRIMARY KEY ([MessageId], [Consumer])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE TABLE [catalog].[OutboxMessages] (
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
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE TABLE [catalog].[StockReservations] (
        [OrderId] uniqueidentifier NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [ReleasedAt] datetimeoffset NULL,
        CONSTRAINT [PK_StockReservations] PRIMARY KEY ([OrderId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE TABLE [catalog].[Vendors] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(200) NOT NULL,
        [Description] nvarchar(4000) NOT NULL,
        [Category] nvarchar(40) NOT NULL,
        [Sector] nvarchar(40) NOT NULL,
        [Region] nvarchar(100) NOT NULL,
        [Website] nvarchar(300) NULL,
        [Street] nvarchar(200) NULL,
        [City] nvarchar(100) NULL,
        [PostalCode] nvarchar(20) NULL,
        [Country] nvarchar(100) NULL,
        [LatitudeMicro] bigint NULL,
        [LongitudeMicro] bigint NULL,
        [ContactEmail] nvarchar(254) NULL,
        [ContactPhone] nvarchar(40) NULL,
        [RegisteredAt] datetimeoffset NOT NULL,
        [CertifiedUntil] datetimeoffset NULL,
        [PaymentAccountId] nvarchar(255) NULL,
        [ChargesEnabled] bit NOT NULL,
        [PayoutsEnabled] bit NOT NULL,
        [PaymentAccountObservedAt] datetimeoffset NULL,
        [CertificationVersion] int NOT NULL,
        CONSTRAINT [PK_Vendors] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE TABLE [catalog].[StockReservationLines] (
        [OrderId] uniqueidentifier NOT NULL,
        [LineNumber] int NOT NULL,
        [ListingId] uniqueidentifier NOT NULL,
        [Quantity] int NOT NULL,
        [RejectionReason] nvarchar(40) NULL,
        CONSTRAINT [PK_StockReservationLines] PRIMARY KEY ([OrderId], [LineNumber]),
        CONSTRAINT [FK_StockReservationLines_StockReservations_OrderId] FOREIGN KEY ([OrderId]) REFERENCES [catalog].[StockReservations] ([OrderId]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE TABLE [catalog].[CertificationApplications] (
        [Id] uniqueidentifier NOT NULL,
        [VendorId] uniqueidentifier NOT NULL,
        [SubmittedBy] nvarchar(64) NOT NULL,
        [SubmittedAt] datetimeoffset NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [DecidedBy] nvarchar(64) NULL,
        [DecidedAt] datetimeoffset NULL,
        [DecisionNotes] nvarchar(2000) NULL,
        [CertificateId] uniqueidentifier NULL,
        CONSTRAINT [PK_CertificationApplications] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_CertificationApplications_Vendors_VendorId] FOREIGN KEY ([VendorId]) REFERENCES [catalog].[Vendors] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE TABLE [catalog].[CertificationAudit] (
        [Id] bigint NOT NULL IDENTITY,
        [VendorId] uniqueidentifier NOT NULL,
        [At] datetimeoffset NOT NULL,
        [ActorUserId] nvarchar(64) NULL,
        [Action] nvarchar(30) NOT NULL,
        [Notes] nvarchar(2000) NULL,
        [ApplicationId] uniqueidentifier NULL,
        [CertificateId] uniqueidentifier NULL,
        CONSTRAINT [PK_CertificationAudit] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_CertificationAudit_Vendors_VendorId] FOREIGN KEY ([VendorId]) REFERENCES [catalog].[Vendors] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE TABLE [catalog].[Listings] (
        [Id] uniqueidentifier NOT NULL,
        [VendorId] uniqueidentifier NOT NULL,
        [Title] nvarchar(200) NOT NULL,
        [Description] nvarchar(4000) NOT NULL,
        [Kind] nvarchar(20) NOT NULL,
        [Sector] nvarchar(40) NOT NULL,
        [Category] nvarchar(40) NOT NULL,
        [Unit] nvarchar(20) NOT NULL,
        [PriceCents] bigint NULL,
        [PriceCredits] bigint NULL,
        [Stock] int NULL,
        [Status] nvarchar(20) NOT NULL,
        [VendorName] nvarchar(200) NOT NULL,
        [VendorRegion] nvarchar(100) NOT NULL,
        [VendorCertifiedUntil] datetimeoffset NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_Listings] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Listings_Vendors_VendorId] FOREIGN KEY ([VendorId]) REFERENCES [catalog].[Vendors] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE TABLE [catalog].[VendorStaff] (
        [VendorId] uniqueidentifier NOT NULL,
        [UserId] nvarchar(64) NOT NULL,
        CONSTRAINT [PK_VendorStaff] PRIMARY KEY ([VendorId], [UserId]),
        CONSTRAINT [FK_VendorStaff_Vendors_VendorId] FOREIGN KEY ([VendorId]) REFERENCES [catalog].[Vendors] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE TABLE [catalog].[Certificates] (
        [Id] uniqueidentifier NOT NULL,
        [VendorId] uniqueidentifier NOT NULL,
        [ApplicationId] uniqueidentifier NOT NULL,
        [IssuedBy] nvarchar(64) NOT NULL,
        [IssuedAt] datetimeoffset NOT NULL,
        [ValidUntil] datetimeoffset NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [EndedAt] datetimeoffset NULL,
        [RevokedBy] nvarchar(64) NULL,
        [RevocationReason] nvarchar(2000) NULL,
        [ReminderSentAt] datetimeoffset NULL,
        CONSTRAINT [PK_Certificates] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Certificates_CertificationApplications_ApplicationId] FOREIGN KEY ([ApplicationId]) REFERENCES [catalog].[CertificationApplications] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Certificates_Vendors_VendorId] FOREIGN KEY ([VendorId]) REFERENCES [catalog].[Vendors] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE TABLE [catalog].[CertificationAnswers] (
        [ApplicationId] uniqueidentifier NOT NULL,
        [Criterion] nvarchar(40) NOT NULL,
        [Evidence] nvarchar(4000) NOT NULL,
        [Links] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_CertificationAnswers] PRIMARY KEY ([ApplicationId], [Criterion]),
        CONSTRAINT [FK_CertificationAnswers_CertificationApplications_ApplicationId] FOREIGN KEY ([ApplicationId]) REFERENCES [catalog].[CertificationApplications] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE INDEX [IX_Certificates_ApplicationId] ON [catalog].[Certificates] ([ApplicationId]);
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE INDEX [IX_Certificates_Status_ValidUntil] ON [catalog].[Certificates] ([Status], [ValidUntil]);
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE INDEX [IX_Certificates_VendorId_Status] ON [catalog].[Certificates] ([VendorId], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE INDEX [IX_CertificationApplications_Status_SubmittedAt] ON [catalog].[CertificationApplications] ([Status], [SubmittedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE INDEX [IX_CertificationApplications_VendorId_Status] ON [catalog].[CertificationApplications] ([VendorId], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE INDEX [IX_CertificationAudit_VendorId_Id] ON [catalog].[CertificationAudit] ([VendorId], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE INDEX [IX_InboxMessages_ProcessedAt] ON [catalog].[InboxMessages] ([ProcessedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE INDEX [IX_Listings_Status_CreatedAt] ON [catalog].[Listings] ([Status], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE INDEX [IX_Listings_Status_PriceCents] ON [catalog].[Listings] ([Status], [PriceCents]);
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE INDEX [IX_Listings_VendorId] ON [catalog].[Listings] ([VendorId]);
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE INDEX [IX_OutboxMessages_SentAt_NextAttemptAt] ON [catalog].[OutboxMessages] ([SentAt], [NextAttemptAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE INDEX [IX_StockReservationLines_ListingId] ON [catalog].[StockReservationLines] ([ListingId]);
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    CREATE INDEX [IX_VendorStaff_UserId] ON [catalog].[VendorStaff] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004635_Initial'
)
BEGIN
    INSERT INTO [catalog].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261129004635_Initial', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004817_Search'
)
BEGIN
    EXEC(N'CREATE TRIGGER [catalog].[TR_Vendors_CopyToListings] ON [catalog].[Vendors] AFTER UPDATE AS
    BEGIN
        SET NOCOUNT ON;
        IF UPDATE([Name]) OR UPDATE([Region]) OR UPDATE([CertifiedUntil])
            UPDATE l SET l.[VendorName] = i.[Name], l.[VendorRegion] = i.[Region], l.[VendorCertifiedUntil] = i.[CertifiedUntil]
            FROM [catalog].[Listings] AS l INNER JOIN inserted AS i ON l.[VendorId] = i.[Id];
    END');
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004817_Search'
)
BEGIN
    INSERT INTO [catalog].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261129004817_Search', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129121808_StockTakenPerLine'
)
BEGIN
    ALTER TABLE [catalog].[StockReservationLines] ADD [QuantityTaken] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129121808_StockTakenPerLine'
)
BEGIN
    EXEC(N'UPDATE l SET [QuantityTaken] = l.[Quantity]
    FROM [catalog].[StockReservationLines] AS l
    JOIN [catalog].[StockReservations] AS r ON r.[OrderId] = l.[OrderId]
    JOIN [catalog].[Listings] AS g ON g.[Id] = l.[ListingId]
    WHERE r.[Status] = N''Reserved'' AND l.[RejectionReason] IS NULL AND g.[Kind] = N''Good''')
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129121808_StockTakenPerLine'
)
BEGIN
    INSERT INTO [catalog].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261129121808_StockTakenPerLine', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129143827_FailedMessages'
)
BEGIN
    CREATE TABLE [catalog].[FailedMessages] (
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
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129143827_FailedMessages'
)
BEGIN
    CREATE INDEX [IX_FailedMessages_Status_LastFailedAt] ON [catalog].[FailedMessages] ([Status], [LastFailedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129143827_FailedMessages'
)
BEGIN
    INSERT INTO [catalog].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261129143827_FailedMessages', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130095738_VendorRegistrationKey'
)
BEGIN
    ALTER TABLE [catalog].[Vendors] ADD [RegisteredByUserId] nvarchar(64) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130095738_VendorRegistrationKey'
)
BEGIN
    ALTER TABLE [catalog].[Vendors] ADD [RegistrationHash] nvarchar(64) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130095738_VendorRegistrationKey'
)
BEGIN
    ALTER TABLE [catalog].[Vendors] ADD [RegistrationKey] nvarchar(100) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130095738_VendorRegistrationKey'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_Vendors_RegisteredByUserId_RegistrationKey] ON [catalog].[Vendors] ([RegisteredByUserId], [RegistrationKey]) WHERE [RegisteredByUserId] IS NOT NULL AND [RegistrationKey] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130095738_VendorRegistrationKey'
)
BEGIN
    INSERT INTO [catalog].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261130095738_VendorRegistrationKey', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130110638_ListingCreationKey'
)
BEGIN
    ALTER TABLE [catalog].[Listings] ADD [CreatedByUserId] nvarchar(64) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130110638_ListingCreationKey'
)
BEGIN
    ALTER TABLE [catalog].[Listings] ADD [CreationHash] nvarchar(64) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130110638_ListingCreationKey'
)
BEGIN
    ALTER TABLE [catalog].[Listings] ADD [CreationKey] nvarchar(100) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130110638_ListingCreationKey'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_Listings_CreatedByUserId_CreationKey] ON [catalog].[Listings] ([CreatedByUserId], [CreationKey]) WHERE [CreatedByUserId] IS NOT NULL AND [CreationKey] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130110638_ListingCreationKey'
)
BEGIN
    INSERT INTO [catalog].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261130110638_ListingCreationKey', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130220528_ExactKeysOnSqlServer'
)
BEGIN
    DROP INDEX [IX_Vendors_RegisteredByUserId_RegistrationKey] ON [catalog].[Vendors];
    DECLARE @var nvarchar(max);
    SELECT @var = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[catalog].[Vendors]') AND [c].[name] = N'RegistrationKey');
    IF @var IS NOT NULL EXEC(N'ALTER TABLE [catalog].[Vendors] DROP CONSTRAINT ' + @var + ';');
    ALTER TABLE [catalog].[Vendors] ALTER COLUMN [RegistrationKey] nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL;
    EXEC(N'CREATE UNIQUE INDEX [IX_Vendors_RegisteredByUserId_RegistrationKey] ON [catalog].[Vendors] ([RegisteredByUserId], [RegistrationKey]) WHERE [RegisteredByUserId] IS NOT NULL AND [RegistrationKey] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130220528_ExactKeysOnSqlServer'
)
BEGIN
    DROP INDEX [IX_Listings_CreatedByUserId_CreationKey] ON [catalog].[Listings];
    DECLARE @var1 nvarchar(max);
    SELECT @var1 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[catalog].[Listings]') AND [c].[name] = N'CreationKey');
    IF @var1 IS NOT NULL EXEC(N'ALTER TABLE [catalog].[Listings] DROP CONSTRAINT ' + @var1 + ';');
    ALTER TABLE [catalog].[Listings] ALTER COLUMN [CreationKey] nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL;
    EXEC(N'CREATE UNIQUE INDEX [IX_Listings_CreatedByUserId_CreationKey] ON [catalog].[Listings] ([CreatedByUserId], [CreationKey]) WHERE [CreatedByUserId] IS NOT NULL AND [CreationKey] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261130220528_ExactKeysOnSqlServer'
)
BEGIN
    INSERT INTO [catalog].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261130220528_ExactKeysOnSqlServer', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201024234_VendorStaffChanges'
)
BEGIN
    ALTER TABLE [catalog].[Vendors] ADD [StaffVersion] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201024234_VendorStaffChanges'
)
BEGIN
    CREATE TABLE [catalog].[VendorStaffChanges] (
        [Id] bigint NOT NULL IDENTITY,
        [VendorId] uniqueidentifier NOT NULL,
        [StaffVersion] int NOT NULL,
        [At] datetimeoffset NOT NULL,
        [ActorUserId] nvarchar(64) NOT NULL,
        [Reason] nvarchar(1000) NOT NULL,
        [Added] nvarchar(max) NOT NULL,
        [Removed] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_VendorStaffChanges] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_VendorStaffChanges_Vendors_VendorId] FOREIGN KEY ([VendorId]) REFERENCES [catalog].[Vendors] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201024234_VendorStaffChanges'
)
BEGIN
    CREATE UNIQUE INDEX [IX_VendorStaffChanges_VendorId_StaffVersion] ON [catalog].[VendorStaffChanges] ([VendorId], [StaffVersion]);
END;

IF NOT EXISTS (
    SELECT * FROM [catalog].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201024234_VendorStaffChanges'
)
BEGIN
    INSERT INTO [catalog].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261201024234_VendorStaffChanges', N'10.0.15');
END;

COMMIT;
GO

