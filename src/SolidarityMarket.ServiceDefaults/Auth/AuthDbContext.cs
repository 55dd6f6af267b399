using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.ServiceDefaults.Data;

namespace SolidarityMarket.ServiceDefaults.Auth;

/// <summary>
/// Users and roles (ASP.NET Core Identity). Its own database ("identity" schema on servers) so no service owns
/// another's users; every process can sign users in against it.
/// </summary>
public class AuthDbContext(DbContextOptions options) : IdentityDbContext<IdentityUser>(options)
{
    public const string Schema = "identity";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        if (!Database.IsSqlite())
        {
            builder.HasDefaultSchema(Schema);
        }
    }
}

public sealed class AuthSqliteDbContext(DbContextOptions<AuthSqliteDbContext> options) : AuthDbContext(options);

public sealed class AuthPostgresDbContext(DbContextOptions<AuthPostgresDbContext> options) : AuthDbContext(options);

public sealed class AuthSqlServerDbContext(DbContextOptions<AuthSqlServerDbContext> options) : AuthDbContext(options);

public sealed class AuthSqliteDesignFactory() : DesignTimeFactory<AuthSqliteDbContext>(DatabaseProvider.Sqlite, AuthDbContext.Schema);

public sealed class AuthPostgresDesignFactory() : DesignTimeFactory<AuthPostgresDbContext>(DatabaseProvider.Postgres, AuthDbContext.Schema);

public sealed class AuthSqlServerDesignFactory() : DesignTimeFactory<AuthSqlServerDbContext>(DatabaseProvider.SqlServer, AuthDbContext.Schema);
