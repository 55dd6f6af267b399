namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>Tuning of the outbox relays (section <c>Messaging:Outbox</c>).</summary>
public sealed class OutboxRelayOptions
{
    /// <summary>How often a relay looks for rows when nothing woke it (rows written by another process, retries).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Rows claimed per round.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Rows of a round handed to the broker at the same time. 1 delivers them one by one in the round's order (commit
    /// order for rows handed over, creation order for polled ones); more lets RabbitMQ confirm several at once (the
    /// order within a round is then not kept).
    /// </summary>
    public int PublishConcurrency { get; set; } = 16;

    /// <summary>
    /// How long a claim keeps other relay instances off a row; a crashed relay's rows come back after it. Must exceed
    /// twice <see cref="DeliveryTimeout"/> (checked at start): a round starts no delivery after
    /// <see cref="LastDeliveryStart"/>, so that it has marked its rows sent before the claim ends.
    /// </summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one delivery may wait for the broker (with RabbitMQ: its publisher confirm) before it counts as
    /// failed and is retried. Bounds a publish left hanging by a broker restart, which would otherwise stop the relay.
    /// </summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest delivered rows wait to be marked sent while more rows keep coming (<c>OutboxSentMarks</c>): marks of
    /// several rounds go in one write. An idle relay waits for more rows only that long; a stopping one marks at once.
    /// </summary>
    public TimeSpan MarkDelay { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>How long into a round deliveries may still start: the claim less one delivery's time and the time to mark the round sent.</summary>
    public TimeSpan LastDeliveryStart => ClaimDuration - (2 * DeliveryTimeout);

    /// <summary>Why these settings cannot work, or null.</summary>
    public string? Problem() => LastDeliveryStart <= TimeSpan.Zero
        ? $"Messaging:Outbox:ClaimDuration ({ClaimDuration}) must exceed twice Messaging:Outbox:DeliveryTimeout ({DeliveryTimeout}): a relay round must mark its rows sent before its claim ends, or other replicas publish them again."
        : MarkDelay < TimeSpan.Zero || MarkDelay * 2 > DeliveryTimeout
            ? $"Messaging:Outbox:MarkDelay ({MarkDelay}) must be between 0 and half Messaging:Outbox:DeliveryTimeout ({DeliveryTimeout}): the mark must fit in the margin a claim keeps for it."
            : null;

    /// <summary>First retry delay after a failed delivery; doubles each attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan Backoff(int attempts)
    {
        var exponent = Math.Min(attempts - 1, 20);
        var delay = InitialBackoff * Math.Pow(2, Math.Max(exponent, 0));
        return delay < MaxBackoff ? delay : MaxBackoff;
    }
}
