using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
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
            await services.GetRequiredService<TContext>().Database.MigrateAsync(cancellationToken);
        }
    }
}
