using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Ledger.Tests.Posting;

/// <summary>
/// Disposing a test host stops each of its hosted services once. The host is stopped from two places at the same
/// time: the factory's DisposeAsync calls Host.StopAsync, which signals ApplicationStopping, and that wakes Program's
/// own <c>app.RunAsync()</c>, which calls Host.StopAsync again (dotnet/aspnetcore#40271). Host.StopAsync has no guard,
/// so every hosted service was stopped twice, concurrently; for the bus that meant two concurrent stops of each
/// receive endpoint, which fails in MassTransit (a NullReferenceException in ReceiveEndpoint.Stop, seen once in CI as
/// a class-cleanup failure of <see cref="SqlBatchWriterTests"/>).
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class HostShutdownTests
{
    [Fact]
    public async Task Disposing_the_factory_stops_each_hosted_service_once()
    {
        var probe = new StopCounter();
        await using var root = new MarketplaceFactory(new() { ["Modules"] = "Ledger" });
        var factory = root.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddHostedService(_ => probe)));
        _ = factory.Services;

        await factory.DisposeAsync();

        Assert.Equal(1, probe.Stops);
    }

    private sealed class StopCounter : IHostedService
    {
        private int _stops;

        public int Stops => Volatile.Read(ref _stops);

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _stops);
            return Task.CompletedTask;
        }
    }
}
