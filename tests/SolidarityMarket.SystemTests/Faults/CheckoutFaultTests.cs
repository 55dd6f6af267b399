using System.Diagnostics;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests.Faults;

/// <summary>
/// Issue 5's fault tests: 500 credit checkouts over RabbitMQ with Catalog, Ordering and Ledger in three processes on
/// PostgreSQL, and in the middle of the run one process is killed with SIGKILL and started again on the same database,
/// or the broker itself is restarted. Afterwards every order must have ended, and Catalog's stock and reservations and
/// the Ledger's holds must agree exactly with the orders (<see cref="CheckoutInvariants"/>): nothing lost, nothing
/// applied twice. The buyers' clients retry what failed with the same idempotency key, as real clients do.
/// <para>
/// The broker is a private node (<see cref="PrivateRabbitMq"/>), with a virtual host for the deployment: the shared
/// broker must not be restarted, and on its default virtual host the services' queues are shared with every other
/// deployment using it (another test's Ordering would consume this test's messages). The tests of the class share
/// one deployment (<see cref="FaultDeployment"/>: starting it is most of a minute); each brings its own world.
/// </para>
/// <para>
/// Few listings with plenty of stock and some with little, so that some checkouts are refused (the copy's stock) and
/// some orders are legitimately Rejected by Catalog (racing for the last units).
/// </para>
/// </summary>
public sealed class CheckoutFaultTests(FaultDeployment deployment, ITestOutputHelper output) : IClassFixture<FaultDeployment>
{
    private const int Checkouts = 500;
    private const int Concurrency = 16;
    private const int Vendors = 4;
    private const int PlentifulVendors = 3;
    private const int ScarceStock = 20;
    private const int Buyers = 8;
    private const int MaxQuantity = 3;

    /// <summary>The fault strikes once this many checkouts were answered, with the rest still to come.</summary>
    private const int FaultAfter = 150;

    private static readonly TimeSpan CheckoutDeadline = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Ordering_killed_and_restarted_mid_run_loses_and_duplicates_nothing()
    {
        await RunWithFaultAsync(seed: 1, "kill -9 Ordering", async (market, _, _) =>
        {
            await market.OrderingProcess.KillAsync();
            await market.OrderingProcess.RestartAsync();
        });
    }

    [Fact]
    public async Task Ledger_killed_and_restarted_mid_run_loses_and_duplicates_nothing()
    {
        await RunWithFaultAsync(seed: 2, "kill -9 Ledger", async (market, _, _) =>
        {
            await market.LedgerProcess.KillAsync();
            await market.LedgerProcess.RestartAsync();
        });
    }

    [Fact]
    public async Task RabbitMQ_restarted_mid_run_loses_nothing()
    {
        // A clean shutdown takes seconds on a busy machine, long enough for the run to finish meanwhile: the clients
        // wait until the broker is down, then make the rest of the checkouts, whose messages must wait in the outboxes.
        await RunWithFaultAsync(seed: 3, "RabbitMQ restart", async (market, load, running) =>
        {
            try
            {
                await market.Broker.StopAsync();
                load.Resume();
                await running.WaitAsync(CheckoutDeadline);
                var (catalog, ordering, ledger) = await market.UnsentAsync();
                output.WriteLine($"broker down; {load.Answered} checkouts answered; unsent outbox rows: Catalog {catalog}, Ordering {ordering}, Ledger {ledger}");
                Assert.True(ordering > 0, "checkouts made while the broker was down left their messages in Ordering's outbox");
            }
            finally
            {
                // Started again whatever happened, on the same data: the other tests of the class use the node too.
                await market.Broker.StartAsync();
            }
        }, pauseForFault: true);
    }

    /// <param name="strike">Breaks something and repairs it, given the market, the load and the load's task.</param>
    /// <param name="pauseForFault">New checkouts wait after <see cref="FaultAfter"/> until the strike resumes them.</param>
    private async Task RunWithFaultAsync(int seed, string fault, Func<FaultMarket, CheckoutLoad, Task, Task> strike, bool pauseForFault = false)
    {
        var watch = Stopwatch.StartNew();
        var market = await deployment.MarketAsync();
        output.WriteLine($"{market.Describe}: ready in {watch.Elapsed.TotalSeconds:0.0} s");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var world = await CheckoutWorld.SetUpAsync(market, http, Vendors, Buyers, i => i < PlentifulVendors ? 100_000 : ScarceStock);
        output.WriteLine($"world set up at {watch.Elapsed.TotalSeconds:0.0} s");

        var load = new CheckoutLoad(world, Checkouts, MaxQuantity, seed);
        if (pauseForFault)
        {
            load.PauseAfter(FaultAfter);
        }

        var running = load.RunAsync(market.Ordering, Concurrency, CheckoutDeadline);
        await Eventually.TrueAsync(() => Task.FromResult(load.Answered >= FaultAfter || running.IsCompleted), CheckoutDeadline,
            $"{FaultAfter} checkouts answered before the fault", () => market.DiagnoseAsync());
        var inFlight = await market.OrdersInFlightAsync();
        var answeredBefore = load.Answered;
        var faultWatch = Stopwatch.StartNew();
        try
        {
            await strike(market, load, running);
        }
        finally
        {
            load.Resume();
        }

        output.WriteLine($"{fault} after {answeredBefore} answered checkouts with {inFlight} orders in flight; back after {faultWatch.Elapsed.TotalSeconds:0.0} s, at {watch.Elapsed.TotalSeconds:0.0} s");

        await running;
        output.WriteLine($"all {Checkouts} checkouts answered at {watch.Elapsed.TotalSeconds:0.0} s; {load.Retried} POSTs sent again with the same key");
        await market.WaitUntilSettledAsync(SettleTimeout);
        var statuses = await market.OrdersByStatusAsync([.. world.Buyers.Select(b => b.AccountId)]);
        output.WriteLine($"settled at {watch.Elapsed.TotalSeconds:0.0} s: orders {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}"))}; " +
            $"refused at checkout: {string.Join(", ", load.Answers.Where(a => a.RefusedStatus is not null).GroupBy(a => $"{a.RefusedStatus} {a.RefusedType}").Select(g => $"{g.Key} × {g.Count()}"))}");

        // Evidence of the hung-publish case the relay's delivery timeout exists for (docs/architecture.md).
        output.WriteLine("outbox deliveries abandoned after the delivery timeout, so far: " + string.Join(", ",
            new[] { market.CatalogProcess, market.OrderingProcess, market.LedgerProcess }
                .Select(p => $"{p.Name} {p.Output.Split('\n').Count(l => l.Contains("did not take message", StringComparison.Ordinal))}")));

        var violations = await CheckoutInvariants.ViolationsAsync(market, world, load, http);
        violations.AddRange(await market.ParkedAsync());
        Assert.True(violations.Count == 0, $"{fault}: {violations.Count} violations:\n{string.Join('\n', violations.Take(40))}\n{await market.DiagnoseAsync()}");
        Assert.True(inFlight > 0, $"{fault} struck with orders in flight (otherwise it proves nothing)");
        Assert.True(statuses.GetValueOrDefault(Ordering.Orders.OrderStatus.Paid) > Checkouts / 2, "most orders were paid");
    }
}
