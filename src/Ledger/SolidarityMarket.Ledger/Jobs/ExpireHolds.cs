using Microsoft.Extensions.Logging;
using SolidarityMarket.Ledger.Posting;

namespace SolidarityMarket.Ledger.Jobs;

/// <summary>
/// Every minute (Hangfire, "ledger" queue): expires the holds whose timeout has passed, through the writer, so
/// each hold is expired exactly once even with several ledger processes (the hold's status is re-read under the
/// exchange lock). A hold is never usable after its timeout even before this job runs: the domain refuses it.
/// </summary>
public sealed class ExpireHolds(LedgerWriter writer, ILogger<ExpireHolds> logger)
{
    public const string JobId = "ledger-expire-holds";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var expired = await writer.ExpireDueAsync(cancellationToken);
            total += expired.Count;
            if (expired.Count == 0)
            {
                break;
            }
        }

        if (total > 0)
        {
            logger.LogInformation("Expired {Count} holds", total);
        }

        return total;
    }
}
