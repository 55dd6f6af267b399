namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// Proof that a consumer has applied a message. Written in the same transaction as the consumer's effect; the
/// primary key (message id, consumer) turns a second delivery into a no-op.
/// </summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; set; }

    public string Consumer { get; set; } = "";

    public DateTimeOffset ProcessedAt { get; set; }
}
