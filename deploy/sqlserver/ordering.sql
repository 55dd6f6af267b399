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
    WHERE [MigrationId] = N'20261129004452_Initial'
)
BEGIN
    IF SCHEMA_ID(N'ordering') IS NULL EXEC(N'CREATE SCHEMA [ordering];');
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004452_Initial'
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
    WHERE [MigrationId] = N'20261129004452_Initial'
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
    WHERE [MigrationId] = N'20261129004452_Initial'
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
    WHERE [MigrationId] = N'20261129004452_Initial'
)
BEGIN
    CREATE TABLE [ordering].[VendorCopies] (
        [VendorId] uniqueidentifier NOT NULL,
        [Name] nvarchar(200) NOT NULL,
        [Sector] nvarchar(40) NOT NULL,
        [Certified] bit NOT NULL,
        [CertifiedUntil] datetimeoffset NULL,
        [CertificateId] uniqueidentifier NULL,
        [ChargesEnabled] bit NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_VendorCopies] PRIMARY KEY ([VendorId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004452_Initial'
)
BEGIN
    CREATE INDEX [IX_InboxMessages_ProcessedAt] ON [ordering].[InboxMessages] ([ProcessedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004452_Initial'
)
BEGIN
    CREATE INDEX [IX_OutboxMessages_SentAt_NextAttemptAt] ON [ordering].[OutboxMessages] ([SentAt], [NextAttemptAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004452_Initial'
)
BEGIN
    CREATE INDEX [IX_StripeWebhookEvents_ProcessedAt] ON [ordering].[StripeWebhookEvents] ([ProcessedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ordering].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129004452_Initial'
)
BEGIN
    INSERT INTO [ordering].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261129004452_Initial', N'10.0.15');
END;

COMMIT;
GO

