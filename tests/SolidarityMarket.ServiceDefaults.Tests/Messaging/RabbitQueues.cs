using RabbitMQ.Client;

namespace SolidarityMarket.ServiceDefaults.Tests.Messaging;

/// <summary>Direct access to the broker, to look into error queues and to clean up a test's queues.</summary>
public static class RabbitQueues
{
    /// <summary>
    /// The next message of <paramref name="queue"/>, or null while the queue is empty or does not exist yet.
    /// MassTransit declares an <c>_error</c> queue when it first moves a message there, which can be after the
    /// fault event has already been consumed, so "no such queue" means "not yet" to a caller that waits.
    /// </summary>
    public static async Task<BasicGetResult?> GetAsync(string uri, string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(uri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return await channel.BasicGetAsync(queue, autoAck: false);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    public static async Task DeleteAsync(string uri, params string[] queues)
    {
        var factory = new ConnectionFactory { Uri = new Uri(uri) };
        await using var connection = await factory.CreateConnectionAsync();
        foreach (var queue in queues)
        {
            // A fresh channel per queue: deleting a queue that does not exist closes the channel.
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                await channel.QueueDeleteAsync(queue);
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
            }
        }
    }
}
