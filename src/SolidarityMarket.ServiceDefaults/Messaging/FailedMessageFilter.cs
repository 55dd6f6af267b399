using System.Text.Json;
using MassTransit;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// The error pipe of an endpoint whose consumer works on a service database: a delivery that still fails after the
/// in-place retries is written to that database's <see cref="FailedMessage"/> table and acknowledged, instead of going
/// to the transport's error queue (which the in-memory bus keeps in RAM only). If the row cannot be written (the
/// database is down, which is often why the consumer failed) or the process is stopping, the delivery goes on to
/// MassTransit's own error transport as before (RabbitMQ's durable <c>_error</c> queue), so nothing is dropped
/// (docs/adr/0019-failed-messages.md).
/// </summary>
public sealed class FailedMessageFilter(IServiceProvider services, string queue, Type consumer, Type database) : IFilter<ExceptionReceiveContext>
{
    /// <summary>Replaces the endpoint's error pipe: fault event, then this filter, then the error transport as the fallback.</summary>
    public static void Configure(IReceiveEndpointConfigurator endpoint, IServiceProvider services, string queue, Type consumer, Type database) =>
        endpoint.ConfigureError(x =>
        {
            x.UseFilter(new GenerateFaultFilter());
            x.UseFilter(new FailedMessageFilter(services, queue, consumer, database));
            x.UseFilter(new ErrorTransportFilter());
        });

    public void Probe(ProbeContext context) => context.CreateFilterScope("failedMessageTable");

    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        var logger = services.GetRequiredService<ILogger<FailedMessageFilter>>();

        // A consumer cut short by the stop failed because of the stop, not of the message: the in-memory bus
        // re-sends it at the next start (InMemoryDeliveries), RabbitMQ keeps it in its error queue.
        if (services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested)
        {
            await next.Send(context);
            return;
        }

        try
        {
            await RecordAsync(context);
            logger.LogError(context.Exception, "Message {MessageId} on {Queue} failed after its retries; kept in FailedMessages for an operator",
                context.GetMessageId(), queue);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Message {MessageId} on {Queue} failed and could not be written to FailedMessages; it goes to the error queue",
                context.GetMessageId(), queue);
            await next.Send(context);
        }
    }

    private async Task RecordAsync(ExceptionReceiveContext context)
    {
        var (messageId, messageType, body) = ReadEnvelope(context);
        var error = context.Exception.ToString();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var db = (ServiceDbContext)scope.ServiceProvider.GetRequiredService(database);
        var row = await db.FailedMessages.SingleOrDefaultAsync(m => m.MessageId == messageId && m.Queue == queue, CancellationToken.None);
        if (row is null)
        {
            row = new FailedMessage { MessageId = messageId, Queue = queue, FirstFailedAt = now };
            db.FailedMessages.Add(row);
        }

        row.MessageType = messageType;
        row.Body = body;
        row.Consumer = consumer.FullName ?? consumer.Name;
        row.Error = error.Length > 4000 ? error[..4000] : error;
        row.LastFailedAt = now;
        row.Failures++;
        row.Status = FailedMessageStatus.Failed;
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>
    /// The message id, type and body from MassTransit's JSON envelope, in the outbox's form (type's full name, body
    /// without headers) so that a replay sends it like the relay does. Anything else is not ours to replay: it throws
    /// and the delivery goes to the error transport.
    /// </summary>
    private static (Guid MessageId, string MessageType, string Body) ReadEnvelope(ReceiveContext context)
    {
        using var envelope = JsonDocument.Parse(context.Body.GetBytes());
        var root = envelope.RootElement;
        var messageId = context.GetMessageId()
            ?? (root.TryGetProperty("messageId", out var id) ? id.GetGuid() : throw new InvalidOperationException("A message without MessageId."));
        var urn = root.GetProperty("messageType")[0].GetString() ?? "";
        const string prefix = "urn:message:";
        if (!urn.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Unexpected message type '{urn}'.");
        }

        // urn:message:Namespace:Type -> Namespace.Type
        var messageType = urn[prefix.Length..].Replace(':', '.');
        return (messageId, messageType, root.GetProperty("message").GetRawText());
    }
}
