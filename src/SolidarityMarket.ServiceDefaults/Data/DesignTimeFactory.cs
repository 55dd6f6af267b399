using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SolidarityMarket.ServiceDefaults.Data;

/// <summary>
/// Lets <c>dotnet ef</c> build a provider's context without starting the host (scripts/regenerate-migrations.sh).
/// The connection string is never opened when adding migrations or generating scripts.
/// </summary>
public abstract class DesignTimeFactory<TContext>(DatabaseProvider provider, string schema) : IDesignTimeDbContextFactory<TContext>
    where TContext : DbContext
{
    public TContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TContext>();
        var connection = provider switch
        {
            DatabaseProvider.Sqlite => $"Data Source={schema}.design.db",
            DatabaseProvider.Postgres => "Host=localhost;Database=design_time",
            _ => "Server=localhost;Database=design_time;TrustServerCertificate=true",
        };
        ProviderOptions.Configure(options, provider, connection, schema);
        return (TContext)Activator.CreateInstance(typeof(TContext), options.Options)!;
    }

}
