using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// What the settlement-run use cases share (administrators only): the representation, the run as an
/// <see cref="AdminRuns"/> kind, and the transfers a run posts; see docs/ledger.md, "Settling exchange positions".
/// </summary>
public static class SettlementRuns
{
    public const string Route = "/settlement-runs";

    public sealed record SettlementRunDto(
        Guid Id, string Reference, string Status, long TotalSettled, bool NeedsSecondApprover, string PreviewedBy, DateTimeOffset PreviewedAt,
        string? ApprovedBy, DateTimeOffset? ApprovedAt, string? PostedBy, DateTimeOffset? PostedAt, string? AbandonedBy,
        DateTimeOffset? AbandonedAt, string? AbandonReason, IReadOnlyList<TransferLineDto>? Transfers, IReadOnlyList<PositionLineDto>? Positions)
    {
        public static SettlementRunDto From(SettlementRun r, SettlementSettings settings, bool details) => new(
            r.Id, r.Reference, r.Status.ToString(), r.TotalSettled, SettlementRuns.NeedsSecondApprover(r, settings), r.PreviewedBy, r.PreviewedAt,
            r.ApprovedBy, r.ApprovedAt, r.PostedBy, r.PostedAt, r.AbandonedBy, r.AbandonedAt, r.AbandonReason,
            details ? r.Transfers.OrderBy(t => t.Index).Select(t => new TransferLineDto(
                t.Index, t.FromExchangeId, t.ToExchangeId, t.Amount, FromTransferId(r.Id, t.Index), ToTransferId(r.Id, t.Index))).ToList() : null,
            details ? r.Positions.OrderBy(p => p.ExchangeId, StringComparer.Ordinal)
                .Select(p => new PositionLineDto(p.ExchangeId, p.PositionBefore, p.Change, p.PositionBefore + p.Change)).ToList() : null);
    }

    /// <summary>
    /// One settlement and the ids of its two transfers: in the importer's exchange clearing → reserve
    /// (<c>fromTransferId</c>), in the exporter's reserve → clearing (<c>toTransferId</c>).
    /// </summary>
    public sealed record TransferLineDto(int Index, string FromExchangeId, string ToExchangeId, long Amount, Guid FromTransferId, Guid ToTransferId);

    public sealed record PositionLineDto(string ExchangeId, long PositionBefore, long Change, long PositionAfter);

    public static RunKind<SettlementRun> Kind(SettlementSettings settings, TimeProvider time) => new(
        "Settlement run", "settlement-run", FindAsync, run => Ok(run, settings), run => NeedsSecondApprover(run, settings),
        async (db, run, ct) => run.PostClaimedBy is not null || await AppliedAsync(db, run, ct) ? BeingPosted(run) : null);

    /// <summary>
    /// How long a post's claim keeps others off the run: far longer than the writer takes to apply a batch, so a claim
    /// older than this belongs to a post that died (its process with it).
    /// </summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    public static bool IsClaimed(SettlementRun run, TimeProvider time) => AdminRuns.IsClaimed(run, ClaimLease, time);

    /// <summary>True when the ledger holds the run's transfers (they are applied all or none: the first tells).</summary>
    public static Task<bool> AppliedAsync(LedgerDbContext db, SettlementRun run, CancellationToken ct)
    {
        if (run.Transfers.Count == 0)
        {
            return Task.FromResult(false);
        }

        var first = FromTransferId(run.Id, run.Transfers.Min(t => t.Index));
        return db.Transfers.AsNoTracking().AnyAsync(t => t.Id == first, ct);
    }

    /// <summary>
    /// 409 <c>settlement-run-posting</c>: a post is applying it, or claimed it and stopped (its batch may yet be
    /// applied), or its transfers are applied and it is not marked yet. Abandoning is refused in all three, whatever the
    /// claim's age: posting it again completes it (or finds it stale) and clears the claim.
    /// </summary>
    public static IResult BeingPosted(SettlementRun run) => AdminRuns.Conflict("settlement-run-posting",
        $"Settlement run {run.Id} is being posted (or its transfers are applied and the run is not marked yet); post it again to complete it and see the result.",
        run.Status);

    public static bool NeedsSecondApprover(SettlementRun run, SettlementSettings settings) => run.TotalSettled > settings.SecondApprovalAbove;

    public static IResult Ok(SettlementRun run, SettlementSettings settings) => TypedResults.Ok(SettlementRunDto.From(run, settings, details: true));

    public static Task<SettlementRun?> FindAsync(LedgerDbContext db, Guid id, CancellationToken ct) =>
        db.SettlementRuns.Include(r => r.Transfers).Include(r => r.Positions).AsSplitQuery().FirstOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>The positions of the exchanges the run's settlements move (the others' may change freely meanwhile).</summary>
    public static IEnumerable<SettlementRunPosition> SettledPositions(SettlementRun run) =>
        run.Positions.Where(p => run.Transfers.Any(t => t.FromExchangeId == p.ExchangeId || t.ToExchangeId == p.ExchangeId));

    /// <summary>The importer's leg of settlement <paramref name="index"/>: derived, so posting the run again replays it.</summary>
    public static Guid FromTransferId(Guid runId, int index) => DeterministicId.Derive(runId, $"settlement-run:{index}:from");

    public static Guid ToTransferId(Guid runId, int index) => DeterministicId.Derive(runId, $"settlement-run:{index}:to");

    /// <summary>
    /// The run's transfers as one linked batch (all or nothing): per settlement, clearing → reserve in the importer's
    /// exchange and reserve → clearing in the exporter's, code Settlement, the memo naming the reference.
    /// </summary>
    public static List<TransferRequest> Transfers(SettlementRun run, IReadOnlyDictionary<string, Exchange> exchanges) =>
        run.Transfers.OrderBy(t => t.Index).SelectMany(t =>
        {
            var memo = $"Settlement {run.Reference}: {t.FromExchangeId} → {t.ToExchangeId} (run {run.Id})";
            var from = exchanges[t.FromExchangeId];
            var to = exchanges[t.ToExchangeId];
            return new[]
            {
                TransferRequest.Direct(FromTransferId(run.Id, t.Index), from.ClearingAccountId, from.ReserveAccountId, t.Amount, TransferCode.Settlement, memo),
                TransferRequest.Direct(ToTransferId(run.Id, t.Index), to.ReserveAccountId, to.ClearingAccountId, t.Amount, TransferCode.Settlement, memo),
            };
        }).ToList();
}
