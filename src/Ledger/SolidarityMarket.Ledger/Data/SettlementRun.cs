namespace SolidarityMarket.Ledger.Data;

/// <summary>
/// One settlement of the exchanges' cross-sector positions (their clearing accounts' balances), as an administrator
/// previewed it: the exact transfers (<see cref="Transfers"/>) and each exchange's position before and after
/// (<see cref="Positions"/>), under an external <see cref="Reference"/> (the agreement or payment that settles it
/// outside the ledger). Posting applies all transfers as one linked batch, once.
/// </summary>
public sealed class SettlementRun : ClaimedAdminRun
{
    public const int MaxReferenceLength = 100;

    public string Reference { get; set; } = "";

    /// <summary>Σ amounts settled (each settlement counted once, not per leg).</summary>
    public long TotalSettled { get; set; }

    public List<SettlementRunTransfer> Transfers { get; set; } = [];

    public List<SettlementRunPosition> Positions { get; set; } = [];
}

/// <summary>
/// One settlement between two exchanges, posted as two transfers with code Settlement: in the importer's exchange
/// its clearing account pays its reserve account, in the exporter's its reserve pays its clearing account.
/// </summary>
public sealed class SettlementRunTransfer
{
    public Guid RunId { get; set; }

    /// <summary>Its place in the run, from 0: the transfers' ids are derived from the run's id and this.</summary>
    public int Index { get; set; }

    public string FromExchangeId { get; set; } = "";

    public string ToExchangeId { get; set; } = "";

    public long Amount { get; set; }
}

/// <summary>An exchange's position at the preview and what the run changes it by (towards zero).</summary>
public sealed class SettlementRunPosition
{
    public Guid RunId { get; set; }

    public string ExchangeId { get; set; } = "";

    public long PositionBefore { get; set; }

    /// <summary>Signed: the position after the run is <see cref="PositionBefore"/> + this.</summary>
    public long Change { get; set; }
}
