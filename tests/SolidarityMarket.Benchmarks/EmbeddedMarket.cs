using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// The embedded default: one host in this process with all three modules (Catalog, Ordering, Ledger), SQLite files in
/// a fresh temp folder, the in-memory bus, Hangfire in memory, real Kestrel on a loopback port, Production
/// environment (simulated cards allowed, as on a staging system: no card is used here).
/// </summary>
public sealed class EmbeddedMarket : IMarketUnderTest, IAsyncDisposable
{
    private EmbeddedMarket(BenchmarkHost host, Uri address)
    {
        Host = host;
        Catalog = Ordering = Ledger = address;
        Describe = $"one host in this process (Catalog, Ordering, Ledger), SQLite in {host.StorageDirectory}, in-memory bus, Kestrel at {address}";
    }

    public BenchmarkHost Host { get; }

    public Uri Catalog { get; }

    public Uri Ordering { get; }

    public Uri Ledger { get; }

    public string Describe { get; }

    /// <param name="profile">Time every service's SQL (costs CPU; see <see cref="CheckoutProfile"/>).</param>
    public static EmbeddedMarket Start(bool profile = false)
    {
        var host = new BenchmarkHost(kestrel: true, modules: "Catalog,Ordering,Ledger", settings: new Dictionary<string, string?>
        {
            ["Payments:AllowSimulatedCards"] = "true",
        }, profile: profile);
        try
        {
            return new EmbeddedMarket(host, host.Start());
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public async Task<T> WithOrderingAsync<T>(Func<OrderingDbContext, Task<T>> read)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<OrderingDbContext>());
    }

    public async Task WithAuthAsync(Func<AuthDbContext, Task> work)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<AuthDbContext>());
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
