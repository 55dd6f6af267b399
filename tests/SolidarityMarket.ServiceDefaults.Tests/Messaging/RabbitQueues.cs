using RabbitMQ.Client;

namespace SolidarityMarket.ServiceDefaults.Tests.Messaging;

/// <summary>Direct access to the broker, to look into error queues and to clean up a test's queues.</summary>
public static class RabbitQueues
{
    public static async Task<BasicGetResult?> GetAsync(string uri, string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(uri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        return await channel.BasicGetAsync(queue, autoAck: false);
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
