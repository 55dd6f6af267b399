using System.Text.Json;
using MassTransit;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// Publishes (or sends) an outbox message through MassTransit with the outbox row's id as the message id, so that
/// consumers' inboxes recognise a re-send. With RabbitMQ, publisher confirms make the call return only after the
/// broker has the message. On the in-memory bus each hand-over is tracked until its consumers finish
/// (<see cref="InMemoryDeliveries"/>).
/// </summary>
public sealed class MassTransitOutboxTransport(IBus bus, MessageTypes types, InMemoryDeliveries? inMemory = null) : IOutboxTransport
{
    public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var type = types.Resolve(message.MessageType);
        var body = JsonSerializer.Deserialize(message.Body, type, ServiceDbContext.MessageJson)
            ?? throw new InvalidOperationException($"Outbox message {message.Id} has an empty body.");

        inMemory?.Expect(message.Id, type, sentToOneQueue: message.Destination is not null);
        try
        {
            if (message.Destination is null)
            {
                await bus.Publish(body, type, ctx => ctx.MessageId = message.Id, cancellationToken);
            }
            else
            {
                var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{message.Destination}"));
                await endpoint.Send(body, type, ctx => ctx.MessageId = message.Id, cancellationToken);
            }
        }
        catch
        {
            inMemory?.Forget(message.Id);
            throw;
        }
    }
}
