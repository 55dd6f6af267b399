using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests.Faults;

/// <summary>
/// The deployment the fault tests of a class share: a private RabbitMQ node and the three service processes on one
/// PostgreSQL database (<see cref="FaultMarket"/>), started by the first test that asks for it — so that a machine
/// without RabbitMQ skips or fails that test rather than the fixture — and stopped after the last. Starting it takes
/// most of a minute on a busy machine; each test brings its own vendors, listings and buyers and checks only those.
/// A test that kills a process or stops the broker starts it again before it ends.
/// </summary>
public sealed class FaultDeployment : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PrivateRabbitMq? _broker;
    private FaultMarket? _market;

    public async Task<FaultMarket> MarketAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _broker ??= await PrivateRabbitMq.StartNewAsync();
            return _market ??= await FaultMarket.StartAsync(_broker);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_market is not null)
        {
            await _market.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        _gate.Dispose();
    }
}
