namespace SolidarityMarket.Ledger.Domain;

/// <summary>What one period-close item does. The values are also the order of an account's items in a plan.</summary>
public enum PeriodCloseItemKind
{
    /// <summary>A dormant member account's negative balance is moved to the exchange's reserve account.</summary>
    WriteOff = 1,

    /// <summary>A share of the account's sales in the period goes to the exchange's operating account.</summary>
    Levy = 2,

    /// <summary>A share of the account's positive period-end balance goes to the exchange's operating account.</summary>
    Demurrage = 3,

    /// <summary>The account's debit limit is set from its trailing turnover; no credits move.</summary>
    DebitLimit = 4,
}

/// <summary>
/// One thing a period close does to one account.
/// </summary>
/// <param name="Amount">
/// The credits moved (&gt; 0) for <see cref="PeriodCloseItemKind.WriteOff"/>, <see cref="PeriodCloseItemKind.Levy"/>
/// and <see cref="PeriodCloseItemKind.Demurrage"/>; 0 for <see cref="PeriodCloseItemKind.DebitLimit"/>.
/// </param>
/// <param name="NewDebitLimit">The debit limit to set, for <see cref="PeriodCloseItemKind.DebitLimit"/> only; null otherwise.</param>
/// <param name="Reason">
/// One plain-English line (invariant culture, at most <see cref="PeriodClosePlanner.MaxReasonLength"/> characters)
/// naming the basis, so a member reading their statement can check the figure.
/// </param>
public sealed record PeriodCloseItem(PeriodCloseItemKind Kind, Guid AccountId, long Amount, long? NewDebitLimit, string Reason);
