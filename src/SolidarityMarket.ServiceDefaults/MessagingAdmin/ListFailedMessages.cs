using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.ServiceDefaults.Messaging;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.ServiceDefaults.MessagingAdmin;

/// <summary><c>GET /admin/messaging/{service}/failed?status=Failed</c>: the failed deliveries of a service, last failure first (at most 200).</summary>
public static class ListFailedMessages
{
    public const int Limit = 200;

    public static async Task<IResult> HandleAsync(string service, string? status, IServiceProvider services, CancellationToken ct)
    {
        if (ServiceDatabases.Named(services, service) is not { } db)
        {
            return MessagingAdminEndpoints.UnknownService(service);
        }

        var wanted = FailedMessageStatus.Failed;
        if (status is not null && !Enum.TryParse(status, ignoreCase: true, out wanted))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["status"] = [$"status must be one of {string.Join(", ", Enum.GetNames<FailedMessageStatus>())}."] },
                type: ProblemTypes.ForStatus(400));
        }

        var rows = await db.FailedMessages.AsNoTracking()
            .Where(m => m.Status == wanted)
            .OrderByDescending(m => m.LastFailedAt)
            .Take(Limit)
            .ToListAsync(ct);
        return TypedResults.Ok(rows);
    }
}
