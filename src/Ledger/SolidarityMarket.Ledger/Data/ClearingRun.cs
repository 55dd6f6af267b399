namespace SolidarityMarket.Ledger.Data;

/// <summary>
/// One multilateral clearing of an exchange's open obligations (accepted, unpaid payment requests), as an
/// administrator previewed it: the exact set-off on each request (<see cref="Lines"/>) and each account's position
/// before and after (<see cref="Accounts"/>). It is approved, then posted once; posting reduces the requests by their
/// set-offs and moves no credits. The lines and account rows are written at the preview and never change.
/// </summary>
public sealed class ClearingRun : AdminRun
{
    public string ExchangeId { get; set; } = "";

    /// <summary>Obligations of the exchange the preview considered (every eligible accepted, unpaid request).</summary>
    public int ObligationCount { get; set; }

    /// <summary>Accepted requests of the exchange left out: a payment under way, or a frozen account.</summary>
    public int SkippedCount { get; set; }

    /// <summary>Σ outstanding of the considered obligations at the preview.</summary>
    public long TotalBefore { get; set; }

    /// <summary>Σ set-off: how much debt the run removes.</summary>
    public long TotalSetOff { get; set; }

    public List<ClearingRunLine> Lines { get; set; } = [];

    public List<ClearingRunAccount> Accounts { get; set; } = [];

    public long TotalAfter => TotalBefore - TotalSetOff;
}

/// <summary>The set-off on one request: only requests with a set-off above zero get a line.</summary>
public sealed class ClearingRunLine
{
    public Guid RunId { get; set; }

    public Guid RequestId { get; set; }

    public Guid PayerAccountId { get; set; }

    public Guid PayeeAccountId { get; set; }

    /// <summary>What the payer owed on the request at the preview.</summary>
    public long OutstandingBefore { get; set; }

    public long SetOff { get; set; }

    /// <summary>The request's version at the preview: posting refuses the run if any request changed since.</summary>
    public long RequestVersion { get; set; }
}

/// <summary>
/// One account's obligations in the run: what it owed (as payer) and was owed (as payee) before, and the set-off,
/// which is the same on both sides — so its net position (owed to it − owed by it) is unchanged.
/// </summary>
public sealed class ClearingRunAccount
{
    public Guid RunId { get; set; }

    public Guid AccountId { get; set; }

    public long OwedBefore { get; set; }

    public long OwedToBefore { get; set; }

    public long SetOff { get; set; }
}
