namespace SolidarityMarket.Ledger.Data;

/// <summary>
/// What every administrators' run has (clearing runs, settlement runs): it is previewed (its exact effect computed
/// and stored), approved — by a second administrator above a threshold — and posted once, or abandoned; who did each
/// step and when. Not an entity of its own: each run type has its table with these columns.
/// </summary>
public abstract class AdminRun
{
    public const int MaxReasonLength = 500;

    public Guid Id { get; set; }

    public RunStatus Status { get; set; }

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
}

/// <summary>
/// A run whose post claims it before applying anything (settlement runs, period closes): the administrator whose post is
/// applying it, and since when. While the claim is younger than the kind's lease no other post runs; what may abandon
/// a claimed run is the kind's rule. A post clears it when it is done (<see cref="Features.AdminRuns.Release"/>).
/// </summary>
public abstract class ClaimedAdminRun : AdminRun
{
    public string? PostClaimedBy { get; set; }

    public DateTimeOffset? PostClaimedAt { get; set; }
}

public enum RunStatus
{
    /// <summary>Computed and stored; nothing changed yet.</summary>
    Previewed = 0,

    /// <summary>An administrator (a second one above the threshold) approved it for posting.</summary>
    Approved = 1,

    /// <summary>Applied, once.</summary>
    Posted = 2,

    /// <summary>Withdrawn by an administrator, or stale when posted (what it was computed on changed); final.</summary>
    Abandoned = 3,
}
