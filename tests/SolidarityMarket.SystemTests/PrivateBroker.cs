using SolidarityMarket.Testing;

[assembly: AssemblyFixture(typeof(SolidarityMarket.SystemTests.PrivateBroker))]

namespace SolidarityMarket.SystemTests;

/// <summary>
/// A private RabbitMQ node (<see cref="PrivateRabbitMq"/>) shared by the test classes that take it (an assembly
/// fixture: one Erlang node's start, not one per class, on a 2-core machine whose suite is CPU-bound), started by the
/// first test that asks for it — so that a machine without RabbitMQ skips or fails that test rather than the
/// fixture — and shut down after the last. Each test gets a virtual host of its own on it. Tests that stop or restart
/// their broker bring their own node (<see cref="Faults.FaultDeployment"/>). On the shared broker's default virtual
/// host, another run at the same time (a second test run, the checkout benchmark) would consume this test's messages
/// from the same queues.
/// </summary>
public sealed class PrivateBroker : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PrivateRabbitMq? _node;

    /// <summary>The AMQP URI of a new virtual host on the node.</summary>
    public async Task<string> NewVirtualHostAsync(string prefix)
    {
        await _gate.WaitAsync();
        try
        {
            _node ??= await PrivateRabbitMq.StartNewAsync();
            return _node.UriOf(await _node.AddVirtualHostAsync(prefix));
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        _gate.Dispose();
    }
}
