namespace SolidarityMarket.Ledger.Data;

/// <summary>
/// One multilateral clearing of an exchange's open obligations (accepted, unpaid payment requests), as an
/// administrator previewed it: the exact set-off on each request (<see cref="Lines"/>) and each account's position
/// before and after (<see cref="Accounts"/>). It is approved, then posted once; posting reduces the requests by their
/// set-offs and moves no credits. The lines and account rows are written at the preview and never change.
/// </summary>
public sealed class ClearingRun
{
    public const int MaxReasonLength = 500;

    public Guid Id { get; set; }

    public string ExchangeId { get; set; } = "";

    public ClearingRunStatus Status { get; set; }

    /// <summary>Obligations of the exchange the preview considered (every eligible accepted, unpaid request).</summary>
    public int ObligationCount { get; set; }

    /// <summary>Accepted requests of the exchange left out: a payment under way, or a frozen account.</summary>
    public int SkippedCount { get; set; }

    /// <summary>Σ outstanding of the considered obligations at the preview.</summary>
    public long TotalBefore { get; set; }

    /// <summary>Σ set-off: how much debt the run removes.</summary>
    public long TotalSetOff { get; set; }

    public string PreviewedBy { get; set; } = "";

    public DateTimeOffset PreviewedAt { get; set; }

    public string? ApprovedBy { get; set; }

    public DateTimeOffset? ApprovedAt { get; set; }

    public string? PostedBy { get; set; }

    public DateTimeOffset? PostedAt { get; set; }

    /// <summary>Who abandoned it (or whose posting found it stale), when and why.</summary>
    public string? AbandonedBy { get; set; }

    public DateTimeOffset? AbandonedAt { get; set; }

    public string? AbandonReason { get; set; }

    /// <summary>Bumped by every change; the optimistic concurrency token of the row.</summary>
    public long Version { get; set; }

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

public enum ClearingRunStatus
{
    /// <summary>Computed and stored; nothing changed yet.</summary>
    Previewed = 0,

    /// <summary>An administrator (a second one above the threshold) approved it for posting.</summary>
    Approved = 1,

    /// <summary>The set-offs were applied to the requests, once.</summary>
    Posted = 2,

    /// <summary>Withdrawn by an administrator, or stale when posted (a request changed since the preview); final.</summary>
    Abandoned = 3,
}
