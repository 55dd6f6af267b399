using System.Net;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests.Faults;

/// <summary>
/// What must hold once a faulted run has settled, checked against each service's own records (its schema, read with
/// the real EF model) and its API, for the run's world (its buyers' orders, its listings). Every rule that does not
/// hold is reported with the ids involved.
/// <list type="bullet">
/// <item>Each checkout key the buyers' clients were answered 201 for made exactly one checkout with one order, and
/// the answer named that checkout; keys refused (4xx) or never answered made none.</item>
/// <item>No order is left in Submitted, StockReserved or PaymentPending.</item>
/// <item>Catalog: one reservation per order, in the state the order says (Paid: reserved, Rejected: rejected,
/// Cancelled: released), and per listing stock = initial − the quantities of Paid orders (the API's figure).</item>
/// <item>Ledger: each Paid credit order has exactly one held trade leg (id = order id) for its total from the buyer's
/// account, still open; a Cancelled one none left open; a Rejected order has none. The buyers' pending debits
/// equal their Paid orders' totals, and <c>GET /api/ledger/verify</c> finds the journal intact.</item>
/// </list>
/// </summary>
public static class CheckoutInvariants
{
    public static async Task<List<string>> ViolationsAsync(FaultMarket market, CheckoutWorld world, CheckoutLoad load, HttpClient http)
    {
        var violations = new List<string>();
        var answers = load.Answers;
        var buyers = world.Buyers.Select(b => b.AccountId).ToHashSet();

        foreach (var unanswered in answers.Where(a => !a.Created && a.RefusedStatus is null))
        {
            violations.Add($"checkout {unanswered.Planned.Key} never answered after {unanswered.Attempts} attempts: {unanswered.LastFailure}");
        }

        var orders = await market.WithOrderingAsync(db => db.Orders.AsNoTracking().Include(o => o.Lines)
            .Where(o => o.PayerAccountId != null && buyers.Contains(o.PayerAccountId.Value)).ToListAsync());
        var ofOrders = orders.Select(o => o.CheckoutId).ToList();
        var checkouts = await market.WithOrderingAsync(db => db.Checkouts.AsNoTracking()
            .Where(c => c.IdempotencyKey.StartsWith(load.KeyPrefix) || ofOrders.Contains(c.Id)).Select(c => new { c.Id, c.IdempotencyKey }).ToListAsync());
        var checkoutsByKey = checkouts.ToLookup(c => c.IdempotencyKey);
        foreach (var answer in answers)
        {
            var stored = checkoutsByKey[answer.Planned.Key].ToList();
            var expected = answer.Created ? 1 : 0;
            if (stored.Count != expected)
            {
                violations.Add($"key {answer.Planned.Key} ({(answer.Created ? "answered 201" : $"answered {answer.RefusedStatus?.ToString() ?? "nothing"}")}) has {stored.Count} checkouts");
            }
            else if (answer.CheckoutId is { } id && stored[0].Id != id)
            {
                violations.Add($"key {answer.Planned.Key} was answered with checkout {id} but stored {stored[0].Id}");
            }
        }

        if (checkouts.Count != answers.Count(a => a.Created))
        {
            violations.Add($"{checkouts.Count} checkouts stored for {answers.Count(a => a.Created)} keys answered 201");
        }

        foreach (var checkout in checkouts.Where(c => orders.Count(o => o.CheckoutId == c.Id) != 1))
        {
            violations.Add($"checkout {checkout.Id} has {orders.Count(o => o.CheckoutId == checkout.Id)} orders (one vendor each: expected 1)");
        }

        foreach (var order in orders.Where(o => OrderStateMachine.IsUnpaid(o.Status)))
        {
            violations.Add($"order {order.Id} left in {order.Status}");
        }

        await CheckCatalogAsync(market, world, http, orders, violations);
        await CheckLedgerAsync(market, world, http, orders, buyers, violations);
        return violations;
    }

    private static async Task CheckCatalogAsync(FaultMarket market, CheckoutWorld world, HttpClient http, List<Ordering.Data.Order> orders, List<string> violations)
    {
        var listings = world.Vendors.Select(v => v.ListingId).ToList();
        var orderIds = orders.Select(o => o.Id).ToList();
        var reservations = await market.WithCatalogAsync(db => db.StockReservations.AsNoTracking()
            .Where(r => orderIds.Contains(r.OrderId) || r.Lines.Any(l => listings.Contains(l.ListingId))).ToDictionaryAsync(r => r.OrderId, r => r.Status));
        foreach (var order in orders)
        {
            var expected = order.Status switch
            {
                OrderStatus.Paid => StockReservationStatus.Reserved,
                OrderStatus.Rejected => StockReservationStatus.Rejected,
                _ => StockReservationStatus.Released,
            };
            if (!reservations.TryGetValue(order.Id, out var status) || status != expected)
            {
                violations.Add($"order {order.Id} is {order.Status} but Catalog's reservation is {(reservations.ContainsKey(order.Id) ? status.ToString() : "missing")}");
            }
        }

        foreach (var extra in reservations.Keys.Except(orders.Select(o => o.Id)))
        {
            violations.Add($"Catalog has a reservation for order {extra}, which Ordering does not have");
        }

        foreach (var vendor in world.Vendors)
        {
            var listing = await CheckoutWorld.SendAsync(http, HttpMethod.Get, new Uri(market.Catalog, $"/api/catalog/listings/{vendor.ListingId}"), world.AdminToken, null, HttpStatusCode.OK);
            var held = orders.Where(o => o.Status == OrderStatus.Paid).SelectMany(o => o.Lines).Where(l => l.ListingId == vendor.ListingId).Sum(l => (long)l.Quantity);
            var stock = listing.GetProperty("stock").GetInt64();
            if (stock != vendor.Stock - held)
            {
                violations.Add($"listing {vendor.ListingId}: Catalog's stock {stock} ≠ initial {vendor.Stock} − {held} units of Paid orders");
            }
        }
    }

    private static async Task CheckLedgerAsync(FaultMarket market, CheckoutWorld world, HttpClient http, List<Ordering.Data.Order> orders, HashSet<Guid> buyers, List<string> violations)
    {
        var legs = await market.WithLedgerAsync(db => db.Transfers.AsNoTracking().Where(t => t.Kind == TransferKind.Pending && t.TradeId != null && buyers.Contains(t.DebitAccountId))
            .Select(t => new { t.Id, TradeId = t.TradeId!.Value, t.TradeRole, t.Amount, t.DebitAccountId, t.HoldStatus }).ToListAsync());
        var byTrade = legs.ToLookup(l => l.TradeId);
        foreach (var order in orders)
        {
            var trade = byTrade[order.HoldId].Where(l => l.TradeRole == TradeLegRole.Trade).ToList();
            switch (order.Status)
            {
                case OrderStatus.Paid when trade.Count != 1 || trade[0].Id != order.HoldId || trade[0].Amount != order.Total
                    || trade[0].DebitAccountId != order.PayerAccountId || trade[0].HoldStatus != HoldStatus.Open:
                    violations.Add($"Paid order {order.Id} (total {order.Total}) has held legs [{string.Join("; ", trade.Select(t => $"{t.Id} {t.Amount} {t.HoldStatus}"))}]");
                    break;
                case OrderStatus.Rejected when byTrade[order.HoldId].Any():
                    violations.Add($"Rejected order {order.Id} has ledger holds");
                    break;
                case OrderStatus.Cancelled when byTrade[order.HoldId].Any(l => l.HoldStatus == HoldStatus.Open):
                    violations.Add($"Cancelled order {order.Id} still has a pending hold");
                    break;
            }
        }

        foreach (var stray in byTrade.Select(g => g.Key).Except(orders.Select(o => o.HoldId)))
        {
            violations.Add($"the ledger holds trade {stray}, which is no order");
        }

        var pending = await market.WithLedgerAsync(db => db.Accounts.AsNoTracking().Where(a => buyers.Contains(a.Id)).SumAsync(a => a.PendingDebits));
        var paid = orders.Where(o => o.Status == OrderStatus.Paid).Sum(o => o.Total);
        if (pending != paid)
        {
            violations.Add($"the buyers' pending debits {pending} ≠ {paid}, the total of Paid orders");
        }

        var verify = await CheckoutWorld.SendAsync(http, HttpMethod.Get, new Uri(market.Ledger, "/api/ledger/verify"), world.AdminToken, null, HttpStatusCode.OK);
        if (!verify.GetProperty("intact").GetBoolean())
        {
            violations.Add($"ledger verify: {verify.GetProperty("breaks")}");
        }
    }
}
