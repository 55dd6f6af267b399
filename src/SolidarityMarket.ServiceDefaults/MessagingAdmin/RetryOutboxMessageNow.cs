using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.ServiceDefaults.MessagingAdmin;

/// <summary>
/// <c>POST /admin/messaging/{service}/outbox/{id}/retry</c>: an unsent outbox row is due now instead of at the end of
/// its backoff (up to 5 minutes), e.g. once the broker is back; the relay's next poll takes it.
/// </summary>
public static class RetryOutboxMessageNow
{
    public static async Task<IResult> HandleAsync(string service, Guid id, ClaimsPrincipal user, IServiceProvider services, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        if (ServiceDatabases.Named(services, service) is not { } db)
        {
            return MessagingAdminEndpoints.UnknownService(service);
        }

        var now = time.GetUtcNow();
        var changed = await db.OutboxMessages.Where(m => m.Id == id && m.SentAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, now), ct);
        if (changed == 0)
        {
            return MessagingAdminEndpoints.NotFound($"Unsent outbox message {id}");
        }

        loggers.CreateLogger(typeof(RetryOutboxMessageNow)).LogInformation("{User} made outbox message {Id} of {Service} due now", user.UserId(), id, service);
        return TypedResults.NoContent();
    }
}
