namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// An exchange's rules for closing a period, as its members decided them. Every rule has an "off" value (0 basis
/// points, or no dormancy), so an exchange adopts only what it voted for. Amounts are minor units; basis points are
/// hundredths of a percent. <see cref="PeriodClosePlanner.Plan"/> validates the policy before using it.
/// </summary>
/// <param name="LevyBasisPoints">
/// 0–10,000: the share of each member account's sales in the period that goes to the exchange's operating account,
/// which is how the exchange pays for itself; 0 turns the levy off.
/// </param>
/// <param name="DemurrageBasisPoints">
/// 0–10,000: the share of each member account's positive balance at the period end that goes to the operating
/// account, so that credits circulate rather than pile up; 0 turns demurrage off.
/// </param>
/// <param name="DormantAfter">
/// Positive, or null to turn write-offs off: a member account with no journal entry for at least this long before
/// the period end is dormant, and its negative balance is written off to the reserve account so that the rest of
/// the network stops carrying a debt nobody will repay.
/// </param>
/// <param name="DebitLimitTurnoverBasisPoints">
/// &gt;= 0, and may exceed 10,000: each member account's debit limit becomes this share of its trailing turnover,
/// so accounts that trade more may owe more; 0 leaves debit limits as they are.
/// </param>
/// <param name="MinDebitLimit">&gt;= 0: the lowest debit limit the turnover rule sets, so newcomers can start trading.</param>
/// <param name="MaxDebitLimit">&gt;= <paramref name="MinDebitLimit"/>: the highest, so no single account can owe the network too much.</param>
public sealed record PeriodClosePolicy(
    int LevyBasisPoints,
    int DemurrageBasisPoints,
    TimeSpan? DormantAfter,
    int DebitLimitTurnoverBasisPoints,
    long MinDebitLimit,
    long MaxDebitLimit)
{
    /// <summary>
    /// Checks every value is in range. A separate method rather than constructor checks because a positional
    /// record's <c>with</c> bypasses the constructor; the planner calls it on every plan.
    /// </summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (LevyBasisPoints is < 0 or > FeeCalculator.BasisPointsPerWhole)
        {
            throw new ArgumentException($"The levy must be 0 to {FeeCalculator.BasisPointsPerWhole} basis points; got {LevyBasisPoints}.", nameof(LevyBasisPoints));
        }

        if (DemurrageBasisPoints is < 0 or > FeeCalculator.BasisPointsPerWhole)
        {
            throw new ArgumentException($"Demurrage must be 0 to {FeeCalculator.BasisPointsPerWhole} basis points; got {DemurrageBasisPoints}.", nameof(DemurrageBasisPoints));
        }

        // Zero dormancy would write off every negative balance without a later entry at every close: forgiving all
        // debt is never what an exchange means by "dormant", so it is refused as a configuration mistake.
        if (DormantAfter is { } dormantAfter && dormantAfter <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The dormancy period must be positive, or null for no write-offs; got {dormantAfter}.", nameof(DormantAfter));
        }

        if (DebitLimitTurnoverBasisPoints < 0)
        {
            throw new ArgumentException($"The debit limit's share of turnover must be >= 0 basis points; got {DebitLimitTurnoverBasisPoints}.", nameof(DebitLimitTurnoverBasisPoints));
        }

        if (MinDebitLimit < 0)
        {
            throw new ArgumentException($"The minimum debit limit must be >= 0; got {MinDebitLimit}.", nameof(MinDebitLimit));
        }

        if (MaxDebitLimit < MinDebitLimit)
        {
            throw new ArgumentException($"The maximum debit limit ({MaxDebitLimit}) must be >= the minimum ({MinDebitLimit}).", nameof(MaxDebitLimit));
        }
    }
}
