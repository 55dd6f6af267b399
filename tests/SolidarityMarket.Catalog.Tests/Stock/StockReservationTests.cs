using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Features.Listings;
using SolidarityMarket.Catalog.Tests.Listings;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Catalog.Tests.Stock;

/// <summary>
/// Stock reservation for Ordering over the bus (<c>queue:catalog-reserve-stock</c>, <c>queue:catalog-release-stock</c>):
/// all-or-nothing per order, a reason per rejected line, idempotent per order id, release once, and exactly one
/// winner when orders race for the last unit. The same tests run on SQLite and on PostgreSQL through the derived classes.
/// </summary>
public abstract class StockReservationTests(CatalogHost host)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_order_reserves_every_line_and_its_release_gives_the_stock_back_once()
    {
        var (bread, jam) = await TwoPublishedGoodsAsync(5, 2);
        var order = Guid.NewGuid();

        await ReserveAsync(new ReserveStock(order, [new StockLine(bread, 2), new StockLine(jam, 2), new StockLine(bread, 1)]));
        Assert.Equal(StockReservationStatus.Reserved, await StatusAsync(order));
        Assert.Equal((2, 0), (await StockAsync(bread), await StockAsync(jam)));
        Assert.Equal(1, await host.OutboxCountAsync<StockReserved>(order));
        Assert.True(await host.OutboxCountAsync<ListingStockChanged>(bread) >= 1);

        await ReleaseAsync(order);
        Assert.Equal(StockReservationStatus.Released, await StatusAsync(order));
        Assert.Equal((5, 2), (await StockAsync(bread), await StockAsync(jam)));
        Assert.Equal(1, await host.OutboxCountAsync<StockReleased>(order));

        await ReleaseAsync(order);
        Assert.Equal((5, 2), (await StockAsync(bread), await StockAsync(jam)));
        Assert.Equal(1, await host.OutboxCountAsync<StockReleased>(order));
    }

    [Fact]
    public async Task A_repeated_reservation_replays_the_stored_outcome_and_takes_nothing_more()
    {
        var (bread, _) = await TwoPublishedGoodsAsync(5, 1);
        var order = Guid.NewGuid();
        var request = new ReserveStock(order, [new StockLine(bread, 3)]);

        await ReserveAsync(request);
        await ReserveAsync(request);
        Assert.Equal(2, await StockAsync(bread));
        Assert.Equal(2, await host.OutboxCountAsync<StockReserved>(order));

        // A rejected order replays its rejection, even once stock would suffice.
        var rejected = Guid.NewGuid();
        await ReserveAsync(new ReserveStock(rejected, [new StockLine(bread, 4)]));
        await host.WithCatalogAsync(db => db.Listings.Where(l => l.Id == bread).ExecuteUpdateAsync(s => s.SetProperty(l => l.Stock, 100)));
        await ReserveAsync(new ReserveStock(rejected, [new StockLine(bread, 4)]));
        Assert.Equal(100, await StockAsync(bread));
        Assert.Equal(2, await host.OutboxCountAsync<StockReservationRejected>(rejected));
        Assert.Equal(StockReservationStatus.Rejected, await StatusAsync(rejected));
    }

    [Fact]
    public async Task A_reservation_is_all_or_nothing_with_a_reason_for_each_rejected_line()
    {
        var (bread, jam) = await TwoPublishedGoodsAsync(5, 1);
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();
        var draft = await staff.CreateListingOkAsync(vendor.Id);
        var unknown = Guid.NewGuid();

        var order = Guid.NewGuid();
        await ReserveAsync(new ReserveStock(order, [new StockLine(bread, 2), new StockLine(jam, 2)]));
        Assert.Equal(StockReservationStatus.Rejected, await StatusAsync(order));
        Assert.Equal((5, 1), (await StockAsync(bread), await StockAsync(jam)));
        Assert.Equal([(jam, "insufficient-stock")], await RejectedLinesAsync(order));

        order = Guid.NewGuid();
        await ReserveAsync(new ReserveStock(order, [new StockLine(bread, 1), new StockLine(unknown, 1), new StockLine(draft.Id, 1), new StockLine(jam, 0), new StockLine(jam, -3)]));
        Assert.Equal(5, await StockAsync(bread));
        Assert.Equal(
            [(unknown, "unknown-listing"), (draft.Id, "not-published"), (jam, "invalid-quantity"), (jam, "invalid-quantity")],
            await RejectedLinesAsync(order));

        order = Guid.NewGuid();
        await ReserveAsync(new ReserveStock(order, []));
        Assert.Equal(StockReservationStatus.Rejected, await StatusAsync(order));
    }

    [Fact]
    public async Task A_release_that_arrives_first_means_the_late_reservation_holds_nothing()
    {
        var (bread, _) = await TwoPublishedGoodsAsync(5, 1);
        var order = Guid.NewGuid();

        await ReleaseAsync(order);
        await ReserveAsync(new ReserveStock(order, [new StockLine(bread, 1)]));
        Assert.Equal(5, await StockAsync(bread));
        Assert.Equal(StockReservationStatus.Released, await StatusAsync(order));
        Assert.Equal([(bread, "order-released")], await RejectedLinesAsync(order));
    }

    [Fact]
    public async Task Orders_racing_for_the_last_unit_have_exactly_one_winner_every_time()
    {
        const int rounds = 5;
        const int racers = 16;
        for (var round = 0; round < rounds; round++)
        {
            var (lastUnit, _) = await TwoPublishedGoodsAsync(1, 1);
            var orders = Enumerable.Range(0, racers).Select(_ => Guid.NewGuid()).ToList();
            var endpoint = await host.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri("queue:catalog-reserve-stock"));

            await Task.WhenAll(orders.Select(order => endpoint.Send(new ReserveStock(order, [new StockLine(lastUnit, 1)]))));
            await Eventually.TrueAsync(
                () => host.WithCatalogAsync(db => db.StockReservations.CountAsync(r => orders.Contains(r.OrderId))).ContinueWith(t => t.Result == racers),
                Timeout, $"all {racers} reservations of round {round}");

            var statuses = await host.WithCatalogAsync(db => db.StockReservations.AsNoTracking().Where(r => orders.Contains(r.OrderId)).Select(r => r.Status).ToListAsync());
            Assert.Single(statuses, s => s == StockReservationStatus.Reserved);
            Assert.Equal(racers - 1, statuses.Count(s => s == StockReservationStatus.Rejected));
            Assert.Equal(0, await StockAsync(lastUnit));
            var winner = await host.WithCatalogAsync(db => db.StockReservations.Where(r => orders.Contains(r.OrderId) && r.Status == StockReservationStatus.Reserved).Select(r => r.OrderId).SingleAsync());
            Assert.Equal(1, await host.OutboxCountAsync<StockReserved>(winner));
            foreach (var loser in orders.Where(o => o != winner))
            {
                Assert.Equal([(lastUnit, "insufficient-stock")], await RejectedLinesAsync(loser));
            }
        }
    }

    /// <summary>
    /// Orders sharing two listings, half with the lines one way round and half the other, sent at once: every take
    /// locks its listing's row until the commit, so taken in line order two of them could each hold one row and wait
    /// for the other's, a deadlock that PostgreSQL breaks by failing one (the bus would retry it, so only the server's
    /// deadlock count tells). Taken in listing id order they only queue: all reserve, the stock is exact, and the
    /// database counts no deadlock.
    /// </summary>
    [Fact]
    public async Task Orders_with_the_same_listings_in_opposite_line_orders_queue_without_deadlocking()
    {
        const int rounds = 3;
        const int orders = 24;
        await host.StartAsync();
        var deadlocksBefore = await DeadlocksAsync();
        for (var round = 0; round < rounds; round++)
        {
            var (bread, jam) = await TwoPublishedGoodsAsync(1_000, 1_000);
            var ids = Enumerable.Range(0, orders).Select(_ => Guid.NewGuid()).ToList();
            var endpoint = await host.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri("queue:catalog-reserve-stock"));

            await Task.WhenAll(ids.Select((order, i) => endpoint.Send(new ReserveStock(order, i % 2 == 0
                ? [new StockLine(bread, 1), new StockLine(jam, 2)]
                : [new StockLine(jam, 2), new StockLine(bread, 1)]))));
            await Eventually.TrueAsync(
                () => host.WithCatalogAsync(db => db.StockReservations.CountAsync(r => ids.Contains(r.OrderId))).ContinueWith(t => t.Result == orders),
                Timeout, $"all {orders} reservations of round {round}");

            var statuses = await host.WithCatalogAsync(db => db.StockReservations.AsNoTracking().Where(r => ids.Contains(r.OrderId)).Select(r => r.Status).ToListAsync());
            Assert.All(statuses, s => Assert.Equal(StockReservationStatus.Reserved, s));
            Assert.Equal((1_000 - orders, 1_000 - (2 * orders)), (await StockAsync(bread), await StockAsync(jam)));
        }

        Assert.Equal(deadlocksBefore, await DeadlocksAsync());
    }

    /// <summary>PostgreSQL's count of deadlocks detected in the test's database; 0 elsewhere (SQLite has one writer at a time).</summary>
    private Task<long> DeadlocksAsync() => host.WithCatalogAsync(async db => db.Database.IsNpgsql()
        ? await db.Database.SqlQuery<long>($"SELECT deadlocks AS \"Value\" FROM pg_stat_database WHERE datname = current_database()").SingleAsync()
        : 0L);

    /// <summary>
    /// Ordering can send two releases of one order with different message ids (one on cancel, one when a late
    /// StockReserved meets the cancelled order), so the inbox does not make them one. Run at once, they used to both
    /// read the reservation as Reserved and both give the stock back on PostgreSQL; the release now claims the
    /// reservation with a conditional update first, so exactly one gives back.
    /// </summary>
    [Fact]
    public async Task Two_releases_of_one_order_at_once_give_the_stock_back_once()
    {
        const int rounds = 15;
        for (var round = 0; round < rounds; round++)
        {
            var (bread, _) = await TwoPublishedGoodsAsync(5, 1);
            var order = Guid.NewGuid();
            await ReserveAsync(new ReserveStock(order, [new StockLine(bread, 3)]));
            Assert.Equal(2, await StockAsync(bread));

            await Task.WhenAll(ReleaseAsync(order), ReleaseAsync(order));

            Assert.Equal(5, await StockAsync(bread));
            Assert.Equal(StockReservationStatus.Released, await StatusAsync(order));
            Assert.Equal(1, await host.OutboxCountAsync<StockReleased>(order));
        }
    }

    /// <summary>
    /// A service without capacity (stock null) takes nothing when booked. If its vendor then gives it a capacity (or
    /// 0 to close bookings) and the order is cancelled, the release used to add the booked quantity to it (10 + 5).
    /// Each line now records what it took, and the release gives back only that.
    /// </summary>
    [Fact]
    public async Task Releasing_a_booking_of_an_unlimited_service_adds_nothing_to_a_capacity_set_since()
    {
        await host.StartAsync();
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();
        var service = await staff.CreateListingOkAsync(vendor.Id, ListingApi.Service(capacity: null));
        await CatalogApi.OkAsync<ListingDto>(await staff.PublishListingAsync(service.Id));
        var order = Guid.NewGuid();
        await ReserveAsync(new ReserveStock(order, [new StockLine(service.Id, 5)]));
        Assert.Equal(StockReservationStatus.Reserved, await StatusAsync(order));
        Assert.Null(await StockAsync(service.Id));

        await CatalogApi.OkAsync<ListingDto>(await staff.UpdateListingAsync(service.Id, ListingApi.Service(capacity: 10)));
        await ReleaseAsync(order);

        Assert.Equal(10, await StockAsync(service.Id));
        Assert.Equal(1, await host.OutboxCountAsync<StockReleased>(order));
    }

    /// <summary>
    /// The vendor reads stock 5, an order takes 3 (stock 2), and the vendor saves a title change from the form read
    /// before, stock 5 included. That used to write 5 back: 3 units sold twice. The edit now sends the version it
    /// read; a stale one answers 409 <c>stale-listing</c> and changes nothing, and a missing one 400.
    /// </summary>
    [Fact]
    public async Task An_edit_from_a_form_read_before_an_order_cannot_put_back_the_stock_it_took()
    {
        await host.StartAsync();
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();
        var bread = await staff.PublishedGoodAsync(vendor.Id, 5);
        var form = await CatalogApi.OkAsync<ListingDto>(await staff.GetListingAsync(bread.Id));
        Assert.Equal(5, form.Stock);

        await ReserveAsync(new ReserveStock(Guid.NewGuid(), [new StockLine(bread.Id, 3)]));
        Assert.Equal(2, await StockAsync(bread.Id));
        var outboxBefore = await host.OutboxCountAsync<ListingChanged>(bread.Id);

        var stale = ListingApi.Good("Sourdough loaf, large", stock: 5).With("version", form.Version);
        await CatalogApi.AssertProblemAsync(await staff.UpdateListingAsync(bread.Id, stale), System.Net.HttpStatusCode.Conflict, "stale-listing");
        var missing = await CatalogApi.AssertProblemAsync(await staff.PutAsJsonAsync($"{CatalogApi.Base}/listings/{bread.Id}", ListingApi.Good("Sourdough loaf, large", stock: 5)), System.Net.HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("version", out _), missing.ToString());
        var now = await CatalogApi.OkAsync<ListingDto>(await staff.GetListingAsync(bread.Id));
        Assert.Equal((2, "Sourdough loaf"), (now.Stock, now.Title));
        Assert.Equal(outboxBefore, await host.OutboxCountAsync<ListingChanged>(bread.Id));

        // Read again, edit again: the current stock is what the vendor sees and keeps.
        var edited = await CatalogApi.OkAsync<ListingDto>(await staff.UpdateListingAsync(bread.Id, ListingApi.Good("Sourdough loaf, large", stock: now.Stock).With("version", now.Version)));
        Assert.Equal((2, "Sourdough loaf, large", now.Version + 1), (edited.Stock, edited.Title, edited.Version));
    }

    private async Task<(Guid First, Guid Second)> TwoPublishedGoodsAsync(int firstStock, int secondStock)
    {
        await host.StartAsync();
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();
        var first = await staff.PublishedGoodAsync(vendor.Id, firstStock);
        var second = await staff.PublishedGoodAsync(vendor.Id, secondStock);
        return (first.Id, second.Id);
    }

    private Task ReserveAsync(ReserveStock message) => SendAndWaitAsync("catalog-reserve-stock", "catalog.reserve-stock", message);

    private Task ReleaseAsync(Guid orderId) => SendAndWaitAsync("catalog-release-stock", "catalog.release-stock", new ReleaseStock(orderId));

    /// <summary>Sends with a known message id and waits until the consumer's inbox records it (it is applied).</summary>
    private async Task SendAndWaitAsync<T>(string queue, string consumer, T message)
        where T : class
    {
        var messageId = NewId.NextGuid();
        var endpoint = await host.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{queue}"));
        await endpoint.Send(message, ctx => ctx.MessageId = messageId);
        await Eventually.TrueAsync(
            () => host.WithCatalogAsync(db => db.InboxMessages.AnyAsync(m => m.MessageId == messageId && m.Consumer == consumer)),
            Timeout, $"{consumer} to apply {typeof(T).Name}");
    }

    private Task<StockReservationStatus> StatusAsync(Guid orderId) =>
        host.WithCatalogAsync(db => db.StockReservations.Where(r => r.OrderId == orderId).Select(r => r.Status).SingleAsync());

    private Task<int?> StockAsync(Guid listingId) =>
        host.WithCatalogAsync(db => db.Listings.Where(l => l.Id == listingId).Select(l => l.Stock).SingleAsync());

    /// <summary>The rejected lines of the order's latest <see cref="StockReservationRejected"/> outbox row.</summary>
    private async Task<List<(Guid, string)>> RejectedLinesAsync(Guid orderId)
    {
        var type = typeof(StockReservationRejected).FullName!;
        var text = orderId.ToString();
        var body = await host.WithCatalogAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.MessageType == type && m.Body.Contains(text)).OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Select(m => m.Body).FirstAsync());
        var message = JsonSerializer.Deserialize<StockReservationRejected>(body, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        return message.RejectedLines.Select(l => (l.ListingId, l.Reason)).ToList();
    }
}

/// <summary>Stock reservation on SQLite.</summary>
public sealed class SqliteStockReservationTests(CatalogHost host) : StockReservationTests(host), IClassFixture<CatalogHost>;

/// <summary>Stock reservation on PostgreSQL, where two transactions really run at once (row locks, READ COMMITTED).</summary>
public sealed class PostgresStockReservationTests(PostgresCatalogHost host) : StockReservationTests(host), IClassFixture<PostgresCatalogHost>;
