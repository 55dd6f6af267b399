namespace SolidarityMarket.Web.Operations;

/// <summary>
/// A delivery whose consumer still failed after its retries, kept in the consuming service's database
/// (<c>GET /admin/messaging/{service}/failed</c>, docs/adr/0019). Replay and discard name it by queue and message id.
/// </summary>
public sealed record FailedDelivery(
    Guid MessageId, string Queue, string MessageType, string Body, string Consumer, string Error,
    DateTimeOffset FirstFailedAt, DateTimeOffset LastFailedAt, int Failures,
    DateTimeOffset? ReplayedAt, string? ReplayedBy, DateTimeOffset? DiscardedAt, string? DiscardedBy, string? DiscardReason)
{
    /// <summary>The error's first line (exception type and message), without the stack trace, cut for a table cell.</summary>
    public string ErrorSummary => Catalog.Display.Excerpt(Error.Split('\n', 2)[0].Trim(), 300);

    /// <summary>The message type without its namespace ("VendorRegistered").</summary>
    public string ShortType => MessageType[(MessageType.LastIndexOf('.') + 1)..];
}

/// <summary>An unsent outbox row that failed at least once or waited too long (<c>GET /admin/messaging/{service}/outbox</c>).</summary>
public sealed record StuckOutboxMessage(
    Guid Id, string MessageType, string? Destination, DateTimeOffset CreatedAt, int Attempts, DateTimeOffset NextAttemptAt, string? LastError)
{
    public string ShortType => MessageType[(MessageType.LastIndexOf('.') + 1)..];
}

/// <summary>A card reconciliation report (<c>GET /api/ordering/reconciliations</c>): one UTC day, as stored.</summary>
public sealed record ReconciliationReport(
    DateOnly Date, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, DateTimeOffset RanAt, string Gateway,
    int TransactionCount, int ExpectedCount, int MismatchCount, List<ReconciliationMismatch> Mismatches);

/// <summary>
/// One difference between the card provider's balance transactions and what Ordering recorded (kind, the checkout and
/// order it concerns, the provider's ids, the amounts in USD cents when they differ, and the job's own words).
/// </summary>
public sealed record ReconciliationMismatch(
    string Kind, Guid? CheckoutId, Guid? OrderId, string? ProviderId, long? ExpectedCents, long? ActualCents, string? TransactionId, string Detail);

public sealed record ReconciliationPage(int Page, int PageSize, int Total, List<ReconciliationReport> Items);
