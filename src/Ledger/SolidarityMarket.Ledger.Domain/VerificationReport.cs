namespace SolidarityMarket.Ledger.Domain;

/// <summary>The result of verifying a ledger: every break found, in journal order first, then per account and exchange.</summary>
public sealed class VerificationReport
{
    public VerificationReport(IReadOnlyList<VerificationBreak> breaks, long entriesChecked, int accountsChecked)
    {
        Breaks = breaks;
        EntriesChecked = entriesChecked;
        AccountsChecked = accountsChecked;
    }

    public IReadOnlyList<VerificationBreak> Breaks { get; }

    public long EntriesChecked { get; }

    public int AccountsChecked { get; }

    public bool IsIntact => Breaks.Count == 0;

    public override string ToString() =>
        IsIntact
            ? FormattableString.Invariant($"Intact: {EntriesChecked} entries, {AccountsChecked} accounts.")
            : string.Join(Environment.NewLine, Breaks);
}
