using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Messaging;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.ServiceDefaults.MessagingAdmin;

/// <summary>
/// <c>POST /admin/messaging/{service}/failed/{queue}/{messageId}/discard</c> with <c>{"reason": "..."}</c>: an operator
/// decides a failed delivery must not be applied. The row stays, with who, when and why (an audit trail, not a
/// silent delete); it no longer counts as waiting.
/// </summary>
public static class DiscardFailedMessage
{
    public const int ReasonMaxLength = 1000;

    public sealed record Request(string? Reason);

    public enum Outcome
    {
        Discarded,
        NotFound,
        AlreadyDiscarded,
    }

    public static async Task<IResult> HandleAsync(string service, string queue, Guid messageId, Request? request, ClaimsPrincipal user, IServiceProvider services, CancellationToken ct)
    {
        var errors = new RequestErrors().Text(request?.Reason, "reason", ReasonMaxLength);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.ForStatus(400));
        }

        if (ServiceDatabases.Named(services, service) is not { } db)
        {
            return MessagingAdminEndpoints.UnknownService(service);
        }

        return await DiscardAsync(db, services, queue, messageId, user.UserId(), request!.Reason!.Trim(), ct) switch
        {
            Outcome.NotFound => MessagingAdminEndpoints.NotFound($"Failed message {messageId} on {queue}"),
            Outcome.AlreadyDiscarded => MessagingAdminEndpoints.Conflict("failed-message-discarded", $"Message {messageId} on {queue} was already discarded."),
            _ => TypedResults.NoContent(),
        };
    }

    public static async Task<Outcome> DiscardAsync(ServiceDbContext db, IServiceProvider services, string queue, Guid messageId, string by, string reason, CancellationToken ct)
    {
        var row = await db.FailedMessages.SingleOrDefaultAsync(m => m.MessageId == messageId && m.Queue == queue, ct);
        if (row is null)
        {
            return Outcome.NotFound;
        }

        if (row.Status == FailedMessageStatus.Discarded)
        {
            return Outcome.AlreadyDiscarded;
        }

        row.Status = FailedMessageStatus.Discarded;
        row.DiscardedAt = services.GetRequiredService<TimeProvider>().GetUtcNow();
        row.DiscardedBy = by;
        row.DiscardReason = reason;
        await db.SaveChangesAsync(ct);
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DiscardFailedMessage))
            .LogWarning("{User} discarded failed message {MessageId} ({Type}) on {Queue}: {Reason}", by, messageId, row.MessageType, queue, reason);
        return Outcome.Discarded;
    }
}
