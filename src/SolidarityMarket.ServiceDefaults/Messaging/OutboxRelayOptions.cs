namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>Tuning of the outbox relays (section <c>Messaging:Outbox</c>).</summary>
public sealed class OutboxRelayOptions
{
    /// <summary>How often a relay looks for rows when nothing woke it (rows written by another process, retries).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Rows claimed per round.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Rows of a round handed to the broker at the same time. 1 delivers them one by one in creation order; more lets
    /// RabbitMQ confirm several at once (the order within a round is then not kept).
    /// </summary>
    public int PublishConcurrency { get; set; } = 16;

    /// <summary>How long a claim keeps other relay instances off a row; a crashed relay's rows come back after it.</summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one delivery may wait for the broker (with RabbitMQ: its publisher confirm) before it counts as
    /// failed and is retried. Bounds a publish left hanging by a broker restart, which would otherwise stop the relay.
    /// </summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

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
