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

