using SolidarityMarket.Ledger.Data;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// What the clearing-run use cases share (all of them for administrators only): the representation, and the run as
/// an <see cref="AdminRuns"/> kind (the lifecycle every administrators' run shares); see docs/ledger.md, "Clearing
/// obligations".
/// </summary>
public static class ClearingRuns
{
    public const string Route = "/clearing-runs";

    /// <summary>A run as administrators see it; amounts are credit hundredths.</summary>
    public sealed record ClearingRunDto(
        Guid Id, string ExchangeId, string Status, int ObligationCount, int SkippedCount, long TotalBefore, long TotalSetOff,
        long TotalAfter, bool NeedsSecondApprover, string PreviewedBy, DateTimeOffset PreviewedAt, string? ApprovedBy,
        DateTimeOffset? ApprovedAt, string? PostedBy, DateTimeOffset? PostedAt, string? AbandonedBy, DateTimeOffset? AbandonedAt,
        string? AbandonReason, IReadOnlyList<LineDto>? Lines, IReadOnlyList<AccountDto>? Accounts)
    {
        /// <summary>The run; its lines and accounts only when <paramref name="details"/> (a single run, not a list).</summary>
        public static ClearingRunDto From(ClearingRun r, ClearingSettings settings, bool details) => new(
            r.Id, r.ExchangeId, r.Status.ToString(), r.ObligationCount, r.SkippedCount, r.TotalBefore, r.TotalSetOff, r.TotalAfter,
            ClearingRuns.NeedsSecondApprover(r, settings), r.PreviewedBy, r.PreviewedAt, r.ApprovedBy, r.ApprovedAt, r.PostedBy, r.PostedAt,
            r.AbandonedBy, r.AbandonedAt, r.AbandonReason,
            details ? r.Lines.OrderBy(l => l.RequestId).Select(l => new LineDto(l.RequestId, l.PayerAccountId, l.PayeeAccountId, l.OutstandingBefore, l.SetOff, l.OutstandingBefore - l.SetOff)).ToList() : null,
            details ? r.Accounts.OrderBy(a => a.AccountId).Select(a => new AccountDto(
                a.AccountId, a.OwedBefore, a.OwedToBefore, a.SetOff, a.OwedBefore - a.SetOff, a.OwedToBefore - a.SetOff, a.OwedToBefore - a.OwedBefore)).ToList() : null);
    }

    /// <summary>The set-off on one payment request: what the payer owed before, what the run removes, what is left.</summary>
    public sealed record LineDto(Guid RequestId, Guid PayerAccountId, Guid PayeeAccountId, long OutstandingBefore, long SetOff, long OutstandingAfter);

    /// <summary>
    /// One account: what it owed and was owed before and after. <c>netPosition</c> (owed to it − owed by it) is the
    /// same before and after, which is what makes the set-off fair.
    /// </summary>
    public sealed record AccountDto(Guid AccountId, long OwedBefore, long OwedToBefore, long SetOff, long OwedAfter, long OwedToAfter, long NetPosition);

    /// <summary>Clearing runs as an <see cref="AdminRuns"/> kind.</summary>
    public static RunKind<ClearingRun> Kind(ClearingSettings settings) => new(
        "Clearing run", "clearing-run", FindAsync, run => Ok(run, settings), run => NeedsSecondApprover(run, settings));

    public static bool NeedsSecondApprover(ClearingRun run, ClearingSettings settings) => run.TotalSetOff > settings.SecondApprovalAbove;

    public static IResult Ok(ClearingRun run, ClearingSettings settings) => TypedResults.Ok(ClearingRunDto.From(run, settings, details: true));

    public static Task<ClearingRun?> FindAsync(LedgerDbContext db, Guid id, CancellationToken ct) =>
        db.ClearingRuns.Include(r => r.Lines).Include(r => r.Accounts).AsSplitQuery().FirstOrDefaultAsync(r => r.Id == id, ct);
}
