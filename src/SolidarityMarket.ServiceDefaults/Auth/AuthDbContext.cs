using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.ServiceDefaults.Auth.Users;
using SolidarityMarket.ServiceDefaults.Data;

namespace SolidarityMarket.ServiceDefaults.Auth;

/// <summary>
/// Users and roles (ASP.NET Core Identity). Its own database ("identity" schema on servers) so no service owns
/// another's users; every process can sign users in against it.
/// </summary>
public class AuthDbContext(DbContextOptions options) : IdentityDbContext<IdentityUser>(options)
{
    public const string Schema = "identity";

    /// <summary>Administrators' suspend and reinstate decisions (append-only history).</summary>
    public DbSet<UserSuspension> UserSuspensions => Set<UserSuspension>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        if (!Database.IsSqlite())
        {
            builder.HasDefaultSchema(Schema);
        }

        builder.Entity<UserSuspension>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.UserId).HasMaxLength(450).IsRequired();
            e.Property(x => x.Action).HasMaxLength(20).IsRequired();
            e.Property(x => x.Reason).HasMaxLength(UserSuspension.ReasonMaxLength).IsRequired();
            e.Property(x => x.ByUserId).HasMaxLength(450).IsRequired();
            e.HasIndex(x => x.UserId);
        });
    }
}

public sealed class AuthSqliteDbContext(DbContextOptions<AuthSqliteDbContext> options) : AuthDbContext(options);

public sealed class AuthPostgresDbContext(DbContextOptions<AuthPostgresDbContext> options) : AuthDbContext(options);

public sealed class AuthSqlServerDbContext(DbContextOptions<AuthSqlServerDbContext> options) : AuthDbContext(options);

public sealed class AuthSqliteDesignFactory() : DesignTimeFactory<AuthSqliteDbContext>(DatabaseProvider.Sqlite, AuthDbContext.Schema);

public sealed class AuthPostgresDesignFactory() : DesignTimeFactory<AuthPostgresDbContext>(DatabaseProvider.Postgres, AuthDbContext.Schema);

public sealed class AuthSqlServerDesignFactory() : DesignTimeFactory<AuthSqlServerDbContext>(DatabaseProvider.SqlServer, AuthDbContext.Schema);
