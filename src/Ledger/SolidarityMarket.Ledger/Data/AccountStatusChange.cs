using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Data;

/// <summary>
/// Audit record of a change of an account's state (freeze, unfreeze, close): who, when, why, from what to what.
/// Append-only: written once in the writer's batch with the change itself, never updated or deleted.
/// </summary>
public sealed class AccountStatusChange
{
    public const int MaxReasonLength = 500;

    public Guid Id { get; set; }

    public Guid AccountId { get; set; }

    /// <summary>
    /// The account's version after the change: orders an account's history exactly (two changes in one batch share
    /// their time), and the unique index on it refuses a second row for the same change.
    /// </summary>
    public long AccountVersion { get; set; }

    public AccountStatus PreviousStatus { get; set; }

    public AccountStatus Status { get; set; }

    public string ChangedBy { get; set; } = "";

    public DateTimeOffset ChangedAt { get; set; }

    public string Reason { get; set; } = "";
}
