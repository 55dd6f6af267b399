using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// Credit checkouts end to end: each of <c>concurrency</c> callers is a buyer who sends <c>POST /api/ordering/checkouts</c>
/// (one unit of a random vendor's listing, paid with credits) and waits until the order is Paid (or Rejected /
/// Cancelled) before sending the next — a closed loop, like a buyer waiting for the confirmation. In between,
/// Ordering sends ReserveStock to Catalog, Catalog answers StockReserved, Ordering sends HoldCredits to Ledger,
/// Ledger answers CreditsHeld, Ordering marks the order Paid: four messages through three outboxes and inboxes.
/// The latency of an order is Ordering's <c>PaidAt</c> minus the client's clock just before its POST.
/// </summary>
public static class CheckoutScenario
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<RunResult> RunAsync(
        string name, IMarketUnderTest market, CheckoutWorld world, HttpClient http, OrderWatcher watcher, int orders, int concurrency, int seed,
        TimeSpan orderTimeout, TimeSpan maxDuration)
    {
        var paidLatencies = new ConcurrentBag<double>();
        var refusals = new Refusals();
        var failures = new ConcurrentQueue<string>();
        var ended = new ConcurrentDictionary<string, int>();
        var checkoutUri = new Uri(market.Ordering, "/api/ordering/checkouts");
        watcher.ResetCounters();

        Func<Task<Outcome>> Caller(int c)
        {
            var random = new Random(seed * 7_919 + c);
            var buyer = world.Buyers[c % world.Buyers.Count];
            var token = new AuthenticationHeaderValue("Bearer", buyer.Token);
            return async () =>
            {
                var vendor = world.Vendors[random.Next(world.Vendors.Count)];
                using var request = new HttpRequestMessage(HttpMethod.Post, checkoutUri) { Content = JsonContent.Create(CheckoutWorld.CheckoutBody(vendor, buyer), options: Json) };
                request.Headers.Authorization = token;
                var submitted = DateTimeOffset.UtcNow;
                Guid orderId;
                using (var response = await http.SendAsync(request))
                {
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        var text = Shorten(await response.Content.ReadAsStringAsync());
                        if ((int)response.StatusCode < 500)
                        {
                            refusals.Add($"checkout {(int)response.StatusCode} {text}");
                            return Outcome.Rejected;
                        }

                        if (failures.Count < 3)
                        {
                            failures.Enqueue($"checkout {(int)response.StatusCode} {text}");
                        }

                        return Outcome.Failed;
                    }

                    orderId = (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("orders")[0].GetProperty("id").GetGuid();
                }

                var end = await watcher.WaitAsync(orderId, orderTimeout);
                ended.AddOrUpdate(end.Status?.ToString() ?? "still in flight at the timeout", 1, (_, n) => n + 1);
                switch (end.Status)
                {
                    case OrderStatus.Paid when end.PaidAt is { } paidAt:
                        paidLatencies.Add((paidAt - submitted).TotalMilliseconds);
                        return Outcome.Accepted;
                    case null:
                        if (failures.Count < 3)
                        {
                            failures.Enqueue($"order {orderId} not Paid, Rejected or Cancelled {orderTimeout.TotalSeconds:0} s after its checkout");
                        }

                        return Outcome.Failed;
                    default:
                        return Outcome.Rejected;
                }
            };
        }

        var loop = await ClosedLoop.RunAsync(name, concurrency, orders, maxDuration, Caller);
        var result = new RunResult
        {
            Name = name,
            Attempted = loop.Attempted,
            Accepted = loop.Accepted,
            Rejected = loop.Rejected,
            Failed = loop.Failed,
            Elapsed = loop.Elapsed,
            LatenciesMs = paidLatencies.Order().ToArray(),
            LatencyUnit = "order, checkout POST → Paid",
        };
        result.Notes.Add($"caller-observed (POST → the observer saw it end, incl. polling delay): p50 {loop.Percentile(50):0.00} ms, p99 {loop.Percentile(99):0.00} ms");
        result.Notes.Add("order ends: " + string.Join(", ", ended.OrderBy(e => e.Key).Select(e => $"{e.Key} {e.Value:N0}")));
        result.Notes.Add(watcher.Describe());
        result.Notes.AddRange(loop.Notes);
        refusals.AddTo(result);
        result.Notes.AddRange(failures.Select(f => "failure: " + f));
        return result;
    }

    /// <summary>
    /// Once the runs are over: orders by status in Ordering's database, the reasons of those that did not end Paid,
    /// and whether Catalog's stock and Ledger's holds agree with the orders (through the APIs, as an administrator).
    /// </summary>
    public static async Task<List<string>> VerifyAsync(IMarketUnderTest market, CheckoutWorld world, HttpClient http)
    {
        var lines = new List<string>();
        var byStatus = await market.WithOrderingAsync(db => db.Orders.AsNoTracking().GroupBy(o => o.Status)
            .Select(g => new { Status = g.Key, Count = g.Count(), Total = g.Sum(o => o.Total) }).ToListAsync());
        lines.Add("verify: orders in Ordering's database by status: " + string.Join(", ", byStatus.OrderBy(s => s.Status).Select(s => $"{s.Status} {s.Count:N0}")));
        var notPaid = await market.WithOrderingAsync(db => db.OrderHistory.AsNoTracking()
            .Where(h => h.Status == OrderStatus.Rejected || h.Status == OrderStatus.Cancelled)
            .GroupBy(h => new { h.Status, h.Actor, h.Reason }).Select(g => new { g.Key.Status, g.Key.Actor, g.Key.Reason, Count = g.Count() })
            .ToListAsync());
        foreach (var reason in notPaid)
        {
            lines.Add($"  {reason.Count:N0} × {reason.Status} by {reason.Actor}: {reason.Reason}");
        }

        var paid = byStatus.Where(s => s.Status == OrderStatus.Paid).Sum(s => (long)s.Count);
        var paidTotal = byStatus.Where(s => s.Status == OrderStatus.Paid).Sum(s => s.Total);
        var reserved = byStatus.Where(s => s.Status is OrderStatus.Paid or OrderStatus.StockReserved or OrderStatus.PaymentPending).Sum(s => (long)s.Count);

        long taken = 0;
        foreach (var vendor in world.Vendors)
        {
            var listing = await CheckoutWorld.SendAsync(http, HttpMethod.Get, new Uri(market.Catalog, $"/api/catalog/listings/{vendor.ListingId}"), world.AdminToken, null, HttpStatusCode.OK);
            taken += CheckoutWorld.Stock - listing.GetProperty("stock").GetInt64();
        }

        long held = 0;
        foreach (var buyer in world.Buyers)
        {
            var account = await CheckoutWorld.SendAsync(http, HttpMethod.Get, new Uri(market.Ledger, $"/api/ledger/accounts/{buyer.AccountId}"), world.AdminToken, null, HttpStatusCode.OK);
            held += account.GetProperty("pendingDebits").GetInt64();
        }

        lines.Add($"verify: Catalog stock taken {taken:N0} units vs {reserved:N0} orders holding stock (one unit each) — {(taken == reserved ? "agree" : "DISAGREE")}");
        lines.Add($"verify: Ledger holds on the buyers' accounts {held:N0} vs {paid:N0} Paid orders totalling {paidTotal:N0} credit hundredths — {(held == paidTotal ? "agree" : "DISAGREE")}");
        return lines;
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
