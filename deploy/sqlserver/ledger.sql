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
    WHERE [MigrationId] = N'20261128224100_Initial'
)
BEGIN
    IF SCHEMA_ID(N'ledger') IS NULL EXEC(N'CREATE SCHEMA [ledger];');
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128224100_Initial'
)
BEGIN
    CREATE TABLE [ledger].[Accounts] (
        [Id] uniqueidentifier NOT NULL,
        [OwnerId] uniqueidentifier NOT NULL,
        [Kind] nvarchar(20) NOT NULL,
        [ExchangeId] nvarchar(40) NOT NULL,
        [Name] nvarchar(200) NOT NULL,
        [Balance] bigint NOT NULL,
        [PendingDebits] bigint NOT NULL,
        [PendingCredits] bigint NOT NULL,
        [DebitLimit] bigint NOT NULL,
        [CreditLimit] bigint NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [OpenedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_Accounts] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128224100_Initial'
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
    WHERE [MigrationId] = N'20261128224100_Initial'
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
    WHERE [MigrationId] = N'20261128224100_Initial'
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
    WHERE [MigrationId] = N'20261128224100_Initial'
)
BEGIN
    CREATE INDEX [IX_AccountHolder_UserId] ON [ledger].[AccountHolder] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128224100_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Accounts_OwnerId_ExchangeId_Kind] ON [ledger].[Accounts] ([OwnerId], [ExchangeId], [Kind]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128224100_Initial'
)
BEGIN
    CREATE INDEX [IX_InboxMessages_ProcessedAt] ON [ledger].[InboxMessages] ([ProcessedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128224100_Initial'
)
BEGIN
    CREATE INDEX [IX_OutboxMessages_SentAt_NextAttemptAt] ON [ledger].[OutboxMessages] ([SentAt], [NextAttemptAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [ledger].[__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128224100_Initial'
)
BEGIN
    INSERT INTO [ledger].[__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261128224100_Initial', N'10.0.15');
END;

COMMIT;
GO

