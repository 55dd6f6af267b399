using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.ServiceDefaults.Data;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// Base of every service's DbContext: owns the service's outbox, inbox and failed-message tables and puts the service's tables
/// in its own schema on server databases.
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options) : DbContext(options)
{
    internal static readonly JsonSerializerOptions MessageJson = new(JsonSerializerDefaults.Web);

    /// <summary>The service's schema on server databases ("catalog", "ordering", "ledger").</summary>
    public abstract string Schema { get; }

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    public DbSet<FailedMessage> FailedMessages => Set<FailedMessage>();

    /// <summary>Queues an event to be published once the current <c>SaveChanges</c> commits.</summary>
    public void Publish<T>(T message, DateTimeOffset now)
        where T : class => AddOutbox(message, destination: null, now);

    /// <summary>Queues a command for one receiving endpoint (queue name) once the current <c>SaveChanges</c> commits.</summary>
    public void Send<T>(T message, string queue, DateTimeOffset now)
        where T : class => AddOutbox(message, queue, now);

    private void AddOutbox<T>(T message, string? destination, DateTimeOffset now)
        where T : class
    {
        OutboxMessages.Add(new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            MessageType = typeof(T).FullName!,
            Body = JsonSerializer.Serialize(message, MessageJson),
            Destination = destination,
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        if (!Database.IsSqlite())
        {
            modelBuilder.HasDefaultSchema(Schema);
        }

        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("OutboxMessages");
            e.HasKey(x => x.Id);
            e.Property(x => x.MessageType).HasMaxLength(300);
            e.Property(x => x.Destination).HasMaxLength(200);
            e.Property(x => x.LastError).HasMaxLength(2000);
            e.HasIndex(x => new { x.SentAt, x.NextAttemptAt });
        });
        modelBuilder.Entity<InboxMessage>(e =>
        {
            e.ToTable("InboxMessages");
            e.HasKey(x => new { x.MessageId, x.Consumer });
            e.Property(x => x.Consumer).HasMaxLength(200);
            e.HasIndex(x => x.ProcessedAt);
        });
        modelBuilder.Entity<FailedMessage>(e =>
        {
            e.ToTable("FailedMessages");
            e.HasKey(x => new { x.MessageId, x.Queue });
            e.Property(x => x.Queue).HasMaxLength(200);
            e.Property(x => x.MessageType).HasMaxLength(300);
            e.Property(x => x.Consumer).HasMaxLength(300);
            e.Property(x => x.Error).HasMaxLength(4000);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.ReplayedBy).HasMaxLength(200);
            e.Property(x => x.DiscardedBy).HasMaxLength(200);
            e.Property(x => x.DiscardReason).HasMaxLength(1000);
            e.HasIndex(x => new { x.Status, x.LastFailedAt });
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset columns natively; store UTC ticks there. Servers keep their
        // native timestamp types.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
        }
    }
}
