namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// What clearing takes off one obligation: 0 &lt;= <paramref name="SetOff"/> &lt;= the obligation's amount.
/// Kept beside <see cref="ClearingPlan"/> because it only exists as one of its rows.
/// </summary>
public sealed record ObligationSetOff(Guid ObligationId, long SetOff);

/// <summary>
/// The result of <see cref="ObligationClearing.Plan"/>: one <see cref="ObligationSetOff"/> per input obligation, in
/// input order (so the caller can zip them), and the totals owed before and set off. Every account's set-off as
/// debtor equals its set-off as creditor, so applying the plan leaves every net position as it was.
/// </summary>
public sealed record ClearingPlan(IReadOnlyList<ObligationSetOff> SetOffs, long TotalBefore, long TotalSetOff)
{
    /// <summary>What is still owed after the set-offs: the minimum any clearing can reach for these obligations.</summary>
    public long TotalAfter => TotalBefore - TotalSetOff;
}
