namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// A message waiting to leave the service, stored in the service's own database in the same transaction as the
/// state change that caused it. The relay publishes it with <see cref="Id"/> as the MassTransit message id, so a
/// re-send after a crash is recognised by the consumers' inbox.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }

    /// <summary>Full name of the Contracts type, e.g. <c>SolidarityMarket.Contracts.Catalog.VendorRegistered</c>.</summary>
    public string MessageType { get; set; } = "";

    /// <summary>The message as JSON.</summary>
    public string Body { get; set; } = "";

    /// <summary>Null for a published event; a queue name for a command sent to one endpoint.</summary>
    public string? Destination { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>When the relay may try again after a failure (exponential backoff).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>A relay instance's claim, so that several replicas do not publish the same row at the same time.</summary>
    public Guid? LockToken { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
}
