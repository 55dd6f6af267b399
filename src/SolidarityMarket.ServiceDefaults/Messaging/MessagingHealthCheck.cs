using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// "messaging": Degraded, never Unhealthy, when a service's outbox has a row older than
/// <see cref="MessagingHealthOptions.OldestUnsentAfter"/> or one that failed
/// <see cref="MessagingHealthOptions.AttemptsAlert"/> deliveries, or when failed deliveries wait for an operator.
/// The service still works (writes keep committing, messages keep waiting), so it must stay in the load balancer;
/// the figures are in the check's data (and in <c>/health/ready</c>'s JSON).
/// </summary>
public sealed class MessagingHealthCheck(IServiceProvider services, MessagingBacklog backlog, IOptions<MessagingHealthOptions> options) : IHealthCheck
{
    public const string Name = "messaging";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limits = options.Value;
        var data = new Dictionary<string, object>();
        var problems = new List<string>();
        foreach (var db in ServiceDatabases.All(services))
        {
            var figures = await backlog.ReadAsync(db, cancellationToken);
            var service = db.Schema;
            data[$"{service}.outboxUnsent"] = figures.Unsent;
            data[$"{service}.outboxOldestUnsentAgeSeconds"] = Math.Round(figures.OldestUnsentAge.TotalSeconds, 1);
            data[$"{service}.outboxUnsentWithManyAttempts"] = figures.UnsentWithManyAttempts;
            data[$"{service}.failedMessages"] = figures.FailedMessages;
            if (figures.OldestUnsentAge > limits.OldestUnsentAfter)
            {
                problems.Add($"{service}: an outbox message has waited {figures.OldestUnsentAge.TotalSeconds:0} s");
            }

            if (figures.UnsentWithManyAttempts > 0)
            {
                problems.Add($"{service}: {figures.UnsentWithManyAttempts} outbox message(s) failed at least {limits.AttemptsAlert} deliveries");
            }

            if (figures.FailedMessages > 0)
            {
                problems.Add($"{service}: {figures.FailedMessages} failed delivery(ies) wait for an operator");
            }
        }

        return problems.Count == 0
            ? HealthCheckResult.Healthy("Outboxes drain and no delivery waits for an operator.", data)
            : HealthCheckResult.Degraded(string.Join("; ", problems) + " (see /admin/messaging).", data: data);
    }
}
