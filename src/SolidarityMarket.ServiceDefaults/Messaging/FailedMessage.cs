namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// A delivery whose consumer still failed after MassTransit's in-place retries, kept in the consuming service's own
/// database instead of a broker error queue (the in-memory bus's error queues die with the process). One row per
/// message and queue: a replay that fails again updates it. Never deleted by the application: an operator replays it
/// or discards it with a reason, and the row keeps who did what and when.
/// </summary>
public sealed class FailedMessage
{
    public Guid MessageId { get; set; }

    /// <summary>The receiving endpoint (queue), e.g. <c>ledger-vendor-registered</c>; a replay is sent back to it.</summary>
    public string Queue { get; set; } = "";

    /// <summary>Full name of the message type, as in the outbox.</summary>
    public string MessageType { get; set; } = "";

    /// <summary>The message as JSON (the envelope's <c>message</c>, without MassTransit's headers).</summary>
    public string Body { get; set; } = "";

    /// <summary>The consumer class on the queue.</summary>
    public string Consumer { get; set; } = "";

    /// <summary>The last failure: exception type, message and stack trace (truncated).</summary>
    public string Error { get; set; } = "";

    public DateTimeOffset FirstFailedAt { get; set; }

    public DateTimeOffset LastFailedAt { get; set; }

    /// <summary>How many times the message exhausted its retries (1, plus one per failed replay).</summary>
    public int Failures { get; set; }

    public FailedMessageStatus Status { get; set; }

    public DateTimeOffset? ReplayedAt { get; set; }

    public string? ReplayedBy { get; set; }

    public DateTimeOffset? DiscardedAt { get; set; }

    public string? DiscardedBy { get; set; }

    public string? DiscardReason { get; set; }
}

public enum FailedMessageStatus
{
    /// <summary>Waiting for an operator.</summary>
    Failed,

    /// <summary>Sent back to its queue; a new failure turns it back into <see cref="Failed"/>.</summary>
    Replayed,

    /// <summary>An operator decided it must not be applied, and said why.</summary>
    Discarded,
}
