namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>When the "messaging" health check reports Degraded (section <c>Messaging:Health</c>).</summary>
public sealed class MessagingHealthOptions
{
    /// <summary>An unsent outbox row older than this is stuck (the relay normally sends within a second).</summary>
    public TimeSpan OldestUnsentAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>An unsent outbox row that failed this many deliveries is stuck (10 attempts ≈ 100 s of backoff).</summary>
    public int AttemptsAlert { get; set; } = 10;

    /// <summary>How often the figures behind the <c>messaging.*</c> metrics are read from the service databases.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(15);
}
