namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>Hands one outbox message to the broker. A seam so tests can simulate a relay that dies mid-way.</summary>
public interface IOutboxTransport
{
    Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken);
}
