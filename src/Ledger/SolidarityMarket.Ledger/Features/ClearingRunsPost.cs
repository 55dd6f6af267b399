using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Posting;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/clearing-runs/{id}/post</c> (administrators): applies an approved run, once. In one
/// transaction, under the exchange's lock (which the ledger writer takes to freeze or close an account), every
/// request of the run must still be exactly as previewed — same version, accepted, no payment under way — and both
/// its accounts active; then each request's <see cref="PaymentRequest.ClearedAmount"/> grows by its set-off (a
/// request set off entirely becomes Cleared) and the run becomes Posted. No credits move, so no balance, limit or
/// journal entry changes. If anything changed since the preview the run is stale: it becomes Abandoned (saying why)
/// and the answer is 409 <c>clearing-run-stale</c> naming the requests and accounts; preview again. Posting a posted
/// run answers 200 with it; a concurrent second post finds it posted.
/// </summary>
public static class ClearingRunsPost
{
    public static void Map(IEndpointRouteBuilder group) => group.MapPost(ClearingRuns.Route + "/{id:guid}/post", Handle)
        .RequireAuthorization(Policies.Admin).WithName("PostClearingRun");

    public static async Task<IResult> Handle(
        Guid id, ClaimsPrincipal user, LedgerDbContext db, TimeProvider time, IOptions<LedgerOptions> options, ILoggerFactory loggers, CancellationToken ct)
    {
        var settings = options.Value.Clearing;
        var kind = ClearingRuns.Kind(settings);
        var logger = loggers.CreateLogger(typeof(ClearingRuns).FullName!);
        var userId = user.UserId();
        for (var attempt = 1; attempt <= PaymentRequests.MaxAttempts; attempt++)
        {
            var (run, answer) = await AdminRuns.LoadForPostAsync(kind, db, id, ct);
            if (run is null)
            {
                return answer!;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await ExchangeLocks.LockAsync(db, [run.ExchangeId], ct);
            var requestIds = run.Lines.Select(l => l.RequestId).ToList();
            var requests = await db.PaymentRequests.Where(r => requestIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
            var accountIds = run.Lines.SelectMany(l => new[] { l.PayerAccountId, l.PayeeAccountId }).Distinct().ToList();
            var inactive = await db.Accounts.AsNoTracking()
                .Where(a => accountIds.Contains(a.Id) && a.Status != AccountStatus.Active).Select(a => a.Id).ToListAsync(ct);
            var changed = run.Lines
                .Where(l => !requests.TryGetValue(l.RequestId, out var r) || r.Version != l.RequestVersion || r.Status != PaymentRequestStatus.Accepted || r.PaymentInProgress)
                .Select(l => l.RequestId).Order().ToList();
            var now = time.GetUtcNow();
            if (changed.Count > 0 || inactive.Count > 0)
            {
                AdminRuns.Abandon(run, userId, now,
                    $"Stale: {changed.Count} payment request(s) changed and {inactive.Count} account(s) stopped being active since the preview; preview again.");
                run.Version++;
                if (!await TrySaveAsync(db, transaction, ct))
                {
                    continue;
                }

                logger.LogWarning("Clearing run {RunId} was stale when {UserId} posted it: requests {Requests}, inactive accounts {Accounts}", id, userId, changed, inactive);
                return AdminRuns.Conflict(
                    "clearing-run-stale",
                    $"Clearing run {id} is stale: since its preview {changed.Count} of its payment requests changed (paid, cancelled or being paid) and {inactive.Count} of its accounts were frozen or closed. Nothing was applied and the run is abandoned; preview a new one.",
                    RunStatus.Abandoned,
                    new Dictionary<string, object?> { ["requestIds"] = changed, ["accountIds"] = inactive.Order().ToList() });
            }

            foreach (var line in run.Lines)
            {
                var request = requests[line.RequestId];
                if (line.SetOff <= 0 || line.SetOff > request.Outstanding)
                {
                    throw new InvalidOperationException($"Clearing run {id} would set off {line.SetOff} on request {request.Id}, which owes {request.Outstanding}.");
                }

                request.ClearedAmount = checked(request.ClearedAmount + line.SetOff);
                if (request.Outstanding == 0)
                {
                    request.Status = PaymentRequestStatus.Cleared;
                    request.ClosedAt = now;
                    request.ClosedBy = userId;
                    request.CloseReason = $"Cleared by clearing run {id}";
                }

                request.Version++;
            }

            run.Status = RunStatus.Posted;
            run.PostedBy = userId;
            run.PostedAt = now;
            run.Version++;
            if (await TrySaveAsync(db, transaction, ct))
            {
                logger.LogInformation("Clearing run {RunId} posted by {UserId}: {Lines} requests reduced by {SetOff} in total", id, userId, run.Lines.Count, run.TotalSetOff);
                return ClearingRuns.Ok(run, settings);
            }
        }

        return AdminRuns.Busy(kind, id);
    }

    /// <summary>Saves and commits; false when the run or a request changed meanwhile (nothing is kept: decide again).</summary>
    private static async Task<bool> TrySaveAsync(LedgerDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(ct);
            return false;
        }
    }
}
