using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.ServiceDefaults.MessagingAdmin;

/// <summary>
/// <c>GET /admin/messaging/{service}/outbox</c>: the outbox rows of a service that cannot leave — unsent and either
/// failed at least once or older than <c>Messaging:Health:OldestUnsentAfter</c> — oldest first (at most 200).
/// </summary>
public static class ListStuckOutboxMessages
{
    public const int Limit = 200;

    public sealed record StuckOutboxMessage(Guid Id, string MessageType, string? Destination, DateTimeOffset CreatedAt, int Attempts, DateTimeOffset NextAttemptAt, string? LastError);

    public static async Task<IResult> HandleAsync(string service, IServiceProvider services, TimeProvider time, IOptions<MessagingHealthOptions> options, CancellationToken ct)
    {
        if (ServiceDatabases.Named(services, service) is not { } db)
        {
            return MessagingAdminEndpoints.UnknownService(service);
        }

        var before = time.GetUtcNow() - options.Value.OldestUnsentAfter;
        var rows = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.SentAt == null && (m.Attempts > 0 || m.CreatedAt < before))
            .OrderBy(m => m.CreatedAt)
            .Take(Limit)
            .Select(m => new StuckOutboxMessage(m.Id, m.MessageType, m.Destination, m.CreatedAt, m.Attempts, m.NextAttemptAt, m.LastError))
            .ToListAsync(ct);
        return TypedResults.Ok(rows);
    }
}
