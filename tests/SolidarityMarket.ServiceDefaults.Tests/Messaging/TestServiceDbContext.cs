using Microsoft.EntityFrameworkCore;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.ServiceDefaults.Tests.Messaging;

/// <summary>A minimal service database: widgets (the producer's state) and effects (one row per application of a message).</summary>
public class TestServiceDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public override string Schema => "testsvc";

    public DbSet<Widget> Widgets => Set<Widget>();

    /// <summary>No unique key on purpose: a message applied twice would leave two rows.</summary>
    public DbSet<Effect> Effects => Set<Effect>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Widget>().HasKey(w => w.Id);
        modelBuilder.Entity<Effect>().HasKey(e => e.Id);
        modelBuilder.Entity<Effect>().HasIndex(e => e.WidgetId);
    }
}

public sealed class Widget
{
    public Guid Id { get; set; }
}

public sealed class Effect
{
    public Guid Id { get; set; }

    public Guid WidgetId { get; set; }
}

public sealed class TestSqliteDbContext(DbContextOptions<TestSqliteDbContext> options) : TestServiceDbContext(options);

public sealed class TestPostgresDbContext(DbContextOptions<TestPostgresDbContext> options) : TestServiceDbContext(options);

public sealed class TestSqlServerDbContext(DbContextOptions<TestSqlServerDbContext> options) : TestServiceDbContext(options);
