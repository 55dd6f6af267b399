using System.Security.Claims;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.ServiceDefaults.MessagingAdmin;

/// <summary>
/// <c>POST /admin/messaging/{service}/failed/{queue}/{messageId}/replay</c>: sends a failed delivery back to its queue
/// under its own message id, once its cause is fixed. The consumers' inboxes make a replay of a message that was
/// applied after all harmless. The row says Replayed; if the delivery fails again it turns back into Failed.
/// </summary>
public static class ReplayFailedMessage
{
    public enum Outcome
    {
        Replayed,
        NotFound,
        Discarded,
    }

    public static async Task<IResult> HandleAsync(string service, string queue, Guid messageId, ClaimsPrincipal user, IServiceProvider services, CancellationToken ct)
    {
        if (ServiceDatabases.Named(services, service) is not { } db)
        {
            return MessagingAdminEndpoints.UnknownService(service);
        }

        return await ReplayAsync(db, services, queue, messageId, user.UserId(), ct) switch
        {
            Outcome.NotFound => MessagingAdminEndpoints.NotFound($"Failed message {messageId} on {queue}"),
            Outcome.Discarded => MessagingAdminEndpoints.Conflict("failed-message-discarded", $"Message {messageId} on {queue} was discarded; it is not replayed."),
            _ => TypedResults.NoContent(),
        };
    }

    public static async Task<Outcome> ReplayAsync(ServiceDbContext db, IServiceProvider services, string queue, Guid messageId, string by, CancellationToken ct)
    {
        var row = await db.FailedMessages.SingleOrDefaultAsync(m => m.MessageId == messageId && m.Queue == queue, ct);
        if (row is null)
        {
            return Outcome.NotFound;
        }

        if (row.Status == FailedMessageStatus.Discarded)
        {
            return Outcome.Discarded;
        }

        var type = services.GetRequiredService<MessageTypes>().Resolve(row.MessageType);
        var message = JsonSerializer.Deserialize(row.Body, type, ServiceDbContext.MessageJson)
            ?? throw new InvalidOperationException($"Failed message {messageId} has an empty body.");

        // Marked before the send: a replay that fails again at once records its failure after this, not under it.
        var previous = (row.Status, row.ReplayedAt, row.ReplayedBy);
        row.Status = FailedMessageStatus.Replayed;
        row.ReplayedAt = services.GetRequiredService<TimeProvider>().GetUtcNow();
        row.ReplayedBy = by;
        await db.SaveChangesAsync(ct);
        try
        {
            var endpoint = await services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{queue}"));
            await endpoint.Send(message, type, ctx => ctx.MessageId = messageId, ct);
        }
        catch
        {
            (row.Status, row.ReplayedAt, row.ReplayedBy) = previous;
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ReplayFailedMessage))
            .LogWarning("{User} replayed failed message {MessageId} ({Type}) to {Queue}", by, messageId, row.MessageType, queue);
        return Outcome.Replayed;
    }
}
