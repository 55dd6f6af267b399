using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolidarityMarket.ServiceDefaults.Hosting;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.ServiceDefaults.Data;

public static class ServiceDatabaseExtensions
{
    /// <summary>
    /// Registers a service's DbContext on the configured provider. Each provider has its own derived context type
    /// so that each keeps its own migrations (<c>Data/Migrations/{Provider}</c>); the rest of the service only sees
    /// <typeparamref name="TContext"/>. Adds the outbox relay, a readiness check, and migrate-on-start when enabled.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext, TSqlite, TPostgres, TSqlServer>(this IHostApplicationBuilder builder, string service)
        where TContext : ServiceDbContext
        where TSqlite : TContext
        where TPostgres : TContext
        where TSqlServer : TContext
    {
        var settings = DatabaseSettings.From(builder.Configuration);
        var connectionString = settings.ConnectionString(builder.Configuration, service);
        var schema = service.ToLowerInvariant();

        // The options are built once (singleton), not for every scope: with the default (scoped) every request
        // re-parsed the connection string and re-ran this configuration, and EF looked its internal service
        // provider up again, behind a lock (docs/performance.md, the HTTP transfer path). Nothing here depends on
        // the scope: the interceptor is a singleton.
        void Configure(IServiceProvider sp, DbContextOptionsBuilder options)
        {
            ProviderOptions.Configure(options, settings.Provider, connectionString, schema);
            options.AddInterceptors(sp.GetRequiredService<OutboxSignalInterceptor<TContext>>());
        }

        void AddReadContextPool<TImplementation>()
            where TImplementation : TContext =>
            builder.Services.AddSingleton(sp =>
            {
                var factory = new PooledDbContextFactory<TImplementation>(sp.GetRequiredService<DbContextOptions<TImplementation>>(), ReadContextPool<TContext>.Size);
                return new ReadContextPool<TContext>(factory.CreateDbContext);
            });

        switch (settings.Provider)
        {
            case DatabaseProvider.Sqlite:
                builder.Services.AddDbContext<TContext, TSqlite>(Configure, ServiceLifetime.Scoped, ServiceLifetime.Singleton);
                AddReadContextPool<TSqlite>();
                break;
            case DatabaseProvider.Postgres:
                builder.Services.AddDbContext<TContext, TPostgres>(Configure, ServiceLifetime.Scoped, ServiceLifetime.Singleton);
                AddReadContextPool<TPostgres>();
                break;
            default:
                builder.Services.AddDbContext<TContext, TSqlServer>(Configure, ServiceLifetime.Scoped, ServiceLifetime.Singleton);
                AddReadContextPool<TSqlServer>();
                break;
        }

        builder.Services.AddOutbox<TContext>();
        builder.Services.AddScoped<MessageLogCleanup<TContext>>();
        builder.Services.AddSingleton<IStartupTask>(new ScheduleMessageLogCleanup<TContext>(Jobs.JobsSetup.QueueName(service)));
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>($"{schema}-db", tags: ["ready"]);
        builder.Services.AddSingleton<IStartupTask>(new MigrateDatabase<TContext>(settings.MigrateOnStartup));
        return builder;
    }
}

/// <summary>Applies a service's migrations at start-up: on by default for SQLite, and always in the host's <c>migrate</c> command.</summary>
public sealed class MigrateDatabase<TContext>(bool onStartup) : IStartupTask
    where TContext : DbContext
{
    public int Order => 0;

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (onStartup)
        {
            var database = services.GetRequiredService<TContext>().Database;
            await CreateHistoryTableAsync(database, cancellationToken);
            await database.MigrateAsync(cancellationToken);
        }
    }

    /// <summary>
    /// On PostgreSQL, creates the context's schema and migrations history table (<c>{schema}.__EFMigrationsHistory</c>)
    /// when they are missing, before EF migrates. The Npgsql provider does not ask whether the history table exists: its
    /// migrator first reads the table and treats PostgreSQL's "relation does not exist" as "nothing applied yet". EF's
    /// command logger has already logged that failed read as an Error (<c>RelationalEventId.CommandError</c>, "Failed
    /// executing DbCommand ... __EFMigrationsHistory") by then, so the first <c>migrate</c> of an empty database — or
    /// of one service's schema in a database other services already use — logged an error for every service although
    /// nothing went wrong (npgsql/efcore.pg#3407). Creating the table first is what EF's migrator itself does right
    /// after that read, with the provider's own idempotent script (<c>CREATE SCHEMA</c>/<c>CREATE TABLE ... IF NOT
    /// EXISTS</c>), so it only moves earlier and the read finds the table; two <c>migrate</c> runs at once race here no
    /// differently than in EF's own step. Nothing is filtered out of the log (no event is lowered): a migration or
    /// command that really fails still logs its Error. A database not created yet is created first, as EF's migrator
    /// would (its read of the history table would otherwise log the failed connection, <c>RelationalEventId.ConnectionError</c>).
    /// SQLite needs nothing: EF looks its history table up (<c>sqlite_master</c>) before reading it; so does SQL Server's
    /// provider (<c>OBJECT_ID</c>), left alone here too.
    /// </summary>
    private static async Task CreateHistoryTableAsync(DatabaseFacade database, CancellationToken cancellationToken)
    {
        if (!database.IsNpgsql())
        {
            return;
        }

        var creator = database.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            await creator.CreateAsync(cancellationToken);
        }

        await database.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
    }
}
