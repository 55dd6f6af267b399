using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// <c>checkout --profile</c>, embedded only: where the work of one order goes, counted rather than guessed. After the
/// concurrent run it reads, for the rows written since the run started, every service's outbox (messages per order by
/// type), inbox (messages consumed per order by consumer) and Ordering's history (time between the order's steps), and
/// prints the SQL commands per order of each service (<see cref="SqlTimer"/> on Catalog, Ordering and Ledger). The
/// interceptors cost CPU, so the orders/s and CPU figures of a profiled run are not the ones to quote.
/// </summary>
public static class CheckoutProfile
{
    public static void Reset(BenchmarkHost host)
    {
        host.CatalogSql.Reset();
        host.OrderingSql.Reset();
        host.Sql.Reset();
    }

    public static async Task<List<string>> DescribeAsync(BenchmarkHost host, DateTimeOffset since, int orders)
    {
        var lines = new List<string> { $"profile of the concurrent run ({orders:N0} orders; rows written since it started):" };
        await using var scope = host.Services.CreateAsyncScope();
        var services = new (string Name, ServiceDbContext Db)[]
        {
            ("catalog", scope.ServiceProvider.GetRequiredService<CatalogDbContext>()),
            ("ordering", scope.ServiceProvider.GetRequiredService<OrderingDbContext>()),
            ("ledger", scope.ServiceProvider.GetRequiredService<LedgerDbContext>()),
        };

        var outboxTotal = 0.0;
        foreach (var (name, db) in services)
        {
            var sent = await db.OutboxMessages.AsNoTracking().Where(m => m.CreatedAt >= since).GroupBy(m => m.MessageType)
                .Select(g => new { Type = g.Key, Count = g.Count() }).ToListAsync();
            var consumed = await db.InboxMessages.AsNoTracking().Where(m => m.ProcessedAt >= since).GroupBy(m => m.Consumer)
                .Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
            outboxTotal += sent.Sum(s => s.Count) / (double)orders;
            lines.Add($"  {name} outbox per order: " + (sent.Count == 0 ? "none" : string.Join(", ", sent.OrderBy(s => s.Type).Select(s => Per(s.Type[(s.Type.LastIndexOf('.') + 1)..], s.Count, orders)))));
            lines.Add($"  {name} inbox per order: " + (consumed.Count == 0 ? "none" : string.Join(", ", consumed.OrderBy(c => c.Key).Select(c => Per(c.Key, c.Count, orders)))));
        }

        lines.Add(string.Create(CultureInfo.InvariantCulture, $"  outbox rows per order, all services: {outboxTotal:0.00} (the ledger answers without its outbox, so CreditsHeld is not among them)"));
        lines.Add("  " + host.OrderingSql.Describe(orders, "order") .Replace("sql per", "ordering sql per", StringComparison.Ordinal));
        lines.Add("  " + host.CatalogSql.Describe(orders, "order").Replace("sql per", "catalog sql per", StringComparison.Ordinal));
        lines.Add("  " + host.Sql.Describe(orders, "order").Replace("sql per", "ledger sql per", StringComparison.Ordinal));

        var ordering = (OrderingDbContext)services[1].Db;
        var steps = await ordering.OrderHistory.AsNoTracking()
            .Where(h => h.At >= since && (h.Status == OrderStatus.Submitted || h.Status == OrderStatus.StockReserved || h.Status == OrderStatus.Paid))
            .Select(h => new { h.OrderId, h.Status, h.At }).ToListAsync();
        var byOrder = steps.GroupBy(s => s.OrderId)
            .Select(g => g.ToDictionary(s => s.Status, s => s.At))
            .Where(d => d.ContainsKey(OrderStatus.Submitted) && d.ContainsKey(OrderStatus.StockReserved) && d.ContainsKey(OrderStatus.Paid))
            .ToList();
        lines.Add($"  time between an order's steps in Ordering's history ({byOrder.Count:N0} orders), p50 / p99 ms:");
        lines.Add("    Submitted → StockReserved (outbox relay, ReserveStock in Catalog, its outbox relay, StockReserved in Ordering): " +
            Percentiles(byOrder.Select(d => (d[OrderStatus.StockReserved] - d[OrderStatus.Submitted]).TotalMilliseconds)));
        lines.Add("    StockReserved → Paid (outbox relay, HoldCredits in the ledger's writer, CreditsHeld in Ordering): " +
            Percentiles(byOrder.Select(d => (d[OrderStatus.Paid] - d[OrderStatus.StockReserved]).TotalMilliseconds)));
        return lines;
    }

    private static string Per(string what, int count, int orders) =>
        string.Create(CultureInfo.InvariantCulture, $"{what} {count / (double)orders:0.00}");

    private static string Percentiles(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return "none";
        }

        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"{At(50):0.0} / {At(99):0.0}");
    }
}
