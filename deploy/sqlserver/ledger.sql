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

