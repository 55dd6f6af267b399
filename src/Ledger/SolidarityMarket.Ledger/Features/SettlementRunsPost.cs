using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Posting;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/settlement-runs/{id}/post</c> (administrators): applies an approved run's transfers as one
/// linked batch through the ledger writer — all or nothing, limits checked in the writer's transaction, journalled and
/// hash-chained like every transfer — then marks it Posted. The transfers' ids are derived from the run's, so posting
/// the same run again applies them once.
/// <list type="bullet">
/// <item>A post first claims the run (<see cref="SettlementRun.PostClaimedBy"/>, under the run's version): while the
/// claim is younger than <see cref="SettlementRuns.ClaimLease"/> another post gets 409 <c>settlement-run-posting</c>,
/// and abandoning is refused while any claim is on the run (<see cref="SettlementRuns.BeingPosted"/>).</item>
/// <item>The writer applies the batch only if the clearing accounts of the exchanges it settles still have the
/// balances of the preview, checked in its own transaction under the exchange locks
/// (<see cref="TransferWork.ExpectedBalances"/>). Otherwise — a cross-sector trade meanwhile, or another run posted
/// first — nothing moves, the run becomes Abandoned and the answer is 409 <c>settlement-run-stale</c> naming the
/// exchanges; preview again.</item>
/// <item>A refusal by the ledger (a reserve account at its limit, a frozen system account) is its ProblemDetails;
/// the run stays Approved and nothing moved.</item>
/// <item>A post that stopped after the writer applied the batch but before the run was marked finds the transfers
/// there, replays them and marks it Posted: the positions have moved by then, and that is no staleness.</item>
/// </list>
/// </summary>
public static class SettlementRunsPost
{
    public static void Map(IEndpointRouteBuilder group) => group.MapPost(SettlementRuns.Route + "/{id:guid}/post", Handle)
        .RequireAuthorization(Policies.Admin).WithName("PostSettlementRun");

    public static async Task<IResult> Handle(
        Guid id, ClaimsPrincipal user, LedgerDbContext db, LedgerWriter writer, TimeProvider time, IOptions<LedgerOptions> options,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var kind = SettlementRuns.Kind(options.Value.Settlement, time);
        var logger = loggers.CreateLogger(typeof(SettlementRuns).FullName!);
        var userId = user.UserId();
        for (var attempt = 1; attempt <= PaymentRequests.MaxAttempts; attempt++)
        {
            var (run, answer) = await AdminRuns.LoadForPostAsync(kind, db, id, ct);
            if (run is null)
            {
                return answer!;
            }

            // Even the same administrator's second click: two posts of one run must never overlap.
            if (SettlementRuns.IsClaimed(run, time))
            {
                return SettlementRuns.BeingPosted(run);
            }

            // Claim the run (under its version): from here until it is posted, abandoned or released, no other post
            // or abandonment touches it, so a run can never be abandoned while its batch is in the writer.
            AdminRuns.Claim(run, userId, time.GetUtcNow());
            if (!await AdminRuns.TrySaveAsync(db, ct))
            {
                continue;
            }

            var exchanges = await db.Exchanges.AsNoTracking().ToDictionaryAsync(x => x.Id, StringComparer.Ordinal, ct);
            var transfers = SettlementRuns.Transfers(run, exchanges);
            if (transfers.Count > 0)
            {
                // Applied only to the positions it was previewed on: the writer compares the clearing accounts'
                // balances in its own transaction, so neither a trade nor another run's batch can slip in between.
                var expected = SettlementRuns.SettledPositions(run)
                    .ToDictionary(p => exchanges[p.ExchangeId].ClearingAccountId, p => p.PositionBefore);
                var result = await writer.SubmitAsync(
                    new TransferWork(LedgerCommand.SubmitLinked(transfers)) { ExpectedBalances = expected }, CancellationToken.None);
                if (result.Rejection is { RootReason: RejectionReason.BalanceChangedSinceExpected })
                {
                    var moved = await MovedSincePreviewAsync(db, run, ct);
                    AdminRuns.Abandon(run, userId, time.GetUtcNow(), $"Stale: the positions of {string.Join(", ", moved)} moved since the preview; preview again.");
                    AdminRuns.Release(run);
                    if (!await AdminRuns.TrySaveAsync(db, CancellationToken.None))
                    {
                        continue;
                    }

                    logger.LogWarning("Settlement run {RunId} was stale when {UserId} posted it: {Exchanges} moved", id, userId, moved);
                    return AdminRuns.Conflict("settlement-run-stale",
                        $"Settlement run {id} is stale: the positions of {string.Join(", ", moved)} moved since its preview. Nothing was applied and the run is abandoned; preview a new one.",
                        RunStatus.Abandoned, new Dictionary<string, object?> { ["exchangeIds"] = moved });
                }

                if (result.Rejection is { } rejection)
                {
                    logger.LogWarning("Settlement run {RunId} was refused by the ledger: {Rejection}", id, rejection);
                    AdminRuns.Release(run);
                    await AdminRuns.TrySaveAsync(db, CancellationToken.None); // if it fails the claim simply expires
                    return LedgerProblems.From(rejection);
                }
            }

            run.Status = RunStatus.Posted;
            AdminRuns.Release(run);
            run.PostedBy = userId;
            run.PostedAt = time.GetUtcNow();
            // Not the caller's token: the transfers are applied, the run must say so even if the client went away.
            if (await AdminRuns.TrySaveAsync(db, CancellationToken.None))
            {
                logger.LogInformation("Settlement run {RunId} posted by {UserId}: {Count} settlements, {Total} in total", id, userId, run.Transfers.Count, run.TotalSettled);
                return kind.Ok(run);
            }
        }

        return AdminRuns.Busy(kind, id);
    }

    /// <summary>The exchanges of the run's settlements whose position is no longer what the run was computed on.</summary>
    private static async Task<List<string>> MovedSincePreviewAsync(LedgerDbContext db, SettlementRun run, CancellationToken ct)
    {
        var now = (await ExchangePositions.ReadAsync(db, ct)).ToDictionary(p => p.ExchangeId, p => p.Position, StringComparer.Ordinal);
        return SettlementRuns.SettledPositions(run)
            .Where(p => !now.TryGetValue(p.ExchangeId, out var position) || position != p.PositionBefore)
            .Select(p => p.ExchangeId).Order(StringComparer.Ordinal).ToList();
    }
}
