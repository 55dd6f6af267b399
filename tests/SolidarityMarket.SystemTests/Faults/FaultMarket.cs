using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Messaging;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests.Faults;

/// <summary>
/// The distributed deployment a fault test breaks: Catalog, Ordering and Ledger as three processes of the real host
/// on one fresh PostgreSQL database, over a virtual host of their own on a private RabbitMQ node. Gives the test
/// the processes (to kill and restart), the broker (to restart), direct read access to each service's schema with
/// the real EF models, and an account of the whole state for failure messages.
/// </summary>
public sealed class FaultMarket : IMarketUnderTest, IAsyncDisposable
{
    private readonly string _connection;
    private readonly string _storage;

    private FaultMarket(string connection, string storage, PrivateRabbitMq broker, string virtualHost, HostProcess[] processes)
    {
        _connection = connection;
        _storage = storage;
        Broker = broker;
        VirtualHost = virtualHost;
        CatalogProcess = processes[0];
        OrderingProcess = processes[1];
        LedgerProcess = processes[2];
    }

    public PrivateRabbitMq Broker { get; }

    public string VirtualHost { get; }

    public HostProcess CatalogProcess { get; }

    public HostProcess OrderingProcess { get; }

    public HostProcess LedgerProcess { get; }

    public Uri Catalog => CatalogProcess.Address;

    public Uri Ordering => OrderingProcess.Address;

    public Uri Ledger => LedgerProcess.Address;

    public string Describe => $"Catalog {Catalog}, Ordering {Ordering}, Ledger {Ledger}, RabbitMQ {Broker.NodeName} vhost {VirtualHost}, database {new NpgsqlConnectionStringBuilder(_connection).Database}";

    /// <summary>Migrates a fresh database (the documented <c>migrate</c> command), then starts the three services.</summary>
    public static async Task<FaultMarket> StartAsync(PrivateRabbitMq broker)
    {
        var connection = await TestServers.RequirePostgresAsync("faults");
        var virtualHost = await broker.AddVirtualHostAsync("faults");
        var storage = Directory.CreateTempSubdirectory("sm-faults-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:MigrateOnStartup"] = "false",
            ["ConnectionStrings:Default"] = connection,
            ["Storage:Directory"] = storage,
            ["RabbitMq:Host"] = broker.UriOf(virtualHost),
            ["Demo:Enabled"] = "false",
            // CheckoutWorld signs every vendor and buyer up through Catalog from one loopback address.
            ["Auth:RateLimit:PerAddressPermitLimit"] = "1000000",
            // Warnings and errors only (plus start/stop), so a failure message's tail shows what went wrong.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        };
        await HostProcess.RunToCompletionAsync(settings, "migrate");
        var started = await Task.WhenAll(new[] { "Catalog", "Ordering", "Ledger" }.Select(async module =>
        {
            try
            {
                return await HostProcess.StartAsync(new Dictionary<string, string>(settings) { ["Modules"] = module }, module);
            }
            catch (Exception ex)
            {
                return (object)ex;
            }
        }));
        var processes = started.OfType<HostProcess>().ToArray();
        if (processes.Length < 3)
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }

            throw started.OfType<Exception>().First();
        }

        return new FaultMarket(connection, storage, broker, virtualHost, processes);
    }

    public async Task<T> WithOrderingAsync<T>(Func<OrderingDbContext, Task<T>> read)
    {
        await using var db = new OrderingPostgresDbContext(Options<OrderingPostgresDbContext>(OrderingDbContext.SchemaName));
        return await read(db);
    }

    public async Task<T> WithCatalogAsync<T>(Func<CatalogDbContext, Task<T>> read)
    {
        await using var db = new CatalogPostgresDbContext(Options<CatalogPostgresDbContext>(CatalogDbContext.SchemaName));
        return await read(db);
    }

    public async Task<T> WithLedgerAsync<T>(Func<LedgerDbContext, Task<T>> read)
    {
        await using var db = new LedgerPostgresDbContext(Options<LedgerPostgresDbContext>(LedgerDbContext.SchemaName));
        return await read(db);
    }

    public async Task WithAuthAsync(Func<AuthDbContext, Task> work)
    {
        await using var db = new AuthPostgresDbContext(Options<AuthPostgresDbContext>(AuthDbContext.Schema));
        await work(db);
    }

    /// <summary>Orders by status (of those payers' orders when given), for progress and failure messages.</summary>
    public Task<Dictionary<OrderStatus, int>> OrdersByStatusAsync(IReadOnlyCollection<Guid>? payers = null) =>
        WithOrderingAsync(db => db.Orders.AsNoTracking()
            .Where(o => payers == null || (o.PayerAccountId != null && payers.Contains(o.PayerAccountId.Value)))
            .GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));

    /// <summary>Orders that have not ended yet (Submitted, StockReserved, PaymentPending).</summary>
    public Task<int> OrdersInFlightAsync() =>
        WithOrderingAsync(db => db.Orders.AsNoTracking().CountAsync(o => o.Status == OrderStatus.Submitted || o.Status == OrderStatus.StockReserved || o.Status == OrderStatus.PaymentPending));

    /// <summary>
    /// Waits until the system is at rest: no order in flight, every outbox drained and every queue empty (nothing
    /// ready or being handled) but the error and skipped queues, which <see cref="ParkedAsync"/> reports. On timeout
    /// the failure says where things stand (<see cref="DiagnoseAsync"/>).
    /// </summary>
    public Task WaitUntilSettledAsync(TimeSpan timeout) =>
        Eventually.TrueAsync(IsSettledAsync, timeout, "every order to end and every outbox and queue to drain", () => DiagnoseAsync());

    /// <summary>Messages MassTransit gave up on (<c>_error</c>) or found no consumer for (<c>_skipped</c>).</summary>
    public async Task<List<string>> ParkedAsync() =>
        [.. (await Broker.ListQueuesAsync(VirtualHost)).Where(q => IsParking(q.Name) && q.Messages > 0).Select(q => $"{q.Messages} messages in {q.Name}")];

    /// <summary>Outbox rows not yet handed to the broker, per service.</summary>
    public async Task<(int Catalog, int Ordering, int Ledger)> UnsentAsync() => (
        await WithCatalogAsync(Unsent),
        await WithOrderingAsync(Unsent),
        await WithLedgerAsync(Unsent));

    /// <summary>
    /// Everything a person needs to see why a wait timed out: orders by status, unsent outbox rows (with the last
    /// error), the broker's queues that hold messages, and the tail of every process's output.
    /// </summary>
    public async Task<string> DiagnoseAsync(int lines = 40)
    {
        var text = new StringBuilder();
        await Try(text, "orders by status", async () => string.Join(", ", (await OrdersByStatusAsync()).OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}")));
        await Try(text, "unsent outbox rows", async () => (await UnsentAsync()).ToString());
        await Try(text, "last outbox errors", async () => string.Join(" | ", new[]
        {
            await WithCatalogAsync(LastError), await WithOrderingAsync(LastError), await WithLedgerAsync(LastError),
        }.Where(e => e is not null)));
        await Try(text, $"queues with messages (vhost {VirtualHost})", async () => string.Join(", ",
            (await Broker.ListQueuesAsync(VirtualHost)).Where(q => q.Messages > 0).Select(q => $"{q.Name} {q.Messages} ({q.Consumers} consumers)")));
        foreach (var process in new[] { CatalogProcess, OrderingProcess, LedgerProcess })
        {
            text.AppendLine(process.Tail(lines));
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { CatalogProcess, OrderingProcess, LedgerProcess })
        {
            await process.DisposeAsync();
        }

        await DropDatabaseAsync();
        try
        {
            Directory.Delete(_storage, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    private async Task<bool> IsSettledAsync()
    {
        if (await OrdersInFlightAsync() > 0)
        {
            return false;
        }

        var (catalog, ordering, ledger) = await UnsentAsync();
        return catalog + ordering + ledger == 0
            && (await Broker.ListQueuesAsync(VirtualHost)).All(q => IsParking(q.Name) || q.Messages == 0);
    }

    private static bool IsParking(string queue) => queue.EndsWith("_error", StringComparison.Ordinal) || queue.EndsWith("_skipped", StringComparison.Ordinal);

    private static Task<int> Unsent(ServiceDbContext db) => db.OutboxMessages.AsNoTracking().CountAsync(m => m.SentAt == null);

    private static Task<string?> LastError(ServiceDbContext db) =>
        db.OutboxMessages.AsNoTracking().Where(m => m.SentAt == null && m.LastError != null).OrderByDescending(m => m.Attempts)
            .Select(m => db.Schema + ": " + m.MessageType + " after " + m.Attempts + " attempts: " + m.LastError).FirstOrDefaultAsync();

    private static async Task Try(StringBuilder text, string what, Func<Task<string>> read)
    {
        try
        {
            text.AppendLine($"{what}: {await read()}");
        }
        catch (Exception ex)
        {
            text.AppendLine($"{what}: could not read ({ex.GetType().Name}: {ex.Message})");
        }
    }

    private DbContextOptions<TContext> Options<TContext>(string schema)
        where TContext : DbContext
    {
        var options = new DbContextOptionsBuilder<TContext>();
        ProviderOptions.Configure(options, DatabaseProvider.Postgres, _connection, schema);
        return options.Options;
    }

    private Task DropDatabaseAsync() => TestServers.DropPostgresAsync(new NpgsqlConnectionStringBuilder(_connection).Database!);
}
