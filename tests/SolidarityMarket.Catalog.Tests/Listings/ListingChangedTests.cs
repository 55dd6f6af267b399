using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Catalog.Features.Listings;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Listings;

/// <summary>
/// Every change of a listing by its staff puts a <see cref="ListingChanged"/> snapshot in the outbox, in the same
/// transaction, carrying the listing's new version: create, edit, publish, archive. Of the reservation consumers'
/// changes, stock given back and a reservation that sells the listing out publish one; a reservation that leaves
/// stock does not (Ordering's copy of the stock is a hint that may stay above the real stock). The relay then
/// publishes them on the bus.
/// </summary>
public sealed class ListingChangedTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_change_through_the_api_publishes_a_snapshot_with_the_new_version()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();

        var listing = await staff.CreateListingOkAsync(vendor.Id, ListingApi.Good("Rye loaf", 650, 600, stock: 8).With("unit", "kg"));
        await OkAsync<ListingDto>(await staff.UpdateListingAsync(listing.Id, ListingApi.Good("Dark rye loaf", 700, 600, stock: 8).With("unit", "kg")));
        await OkAsync<ListingDto>(await staff.PublishListingAsync(listing.Id));
        await OkAsync<ListingDto>(await staff.PublishListingAsync(listing.Id)); // no change, so no snapshot
        await OkAsync<ListingDto>(await staff.ArchiveListingAsync(listing.Id));

        var snapshots = await SnapshotsAsync(listing.Id);
        Assert.Equal([0, 1, 2, 3], snapshots.Select(s => s.Version));
        Assert.Equal(["Draft", "Draft", "Published", "Archived"], snapshots.Select(s => s.Status));
        Assert.Equal(["Rye loaf", "Dark rye loaf", "Dark rye loaf", "Dark rye loaf"], snapshots.Select(s => s.Title));
        Assert.All(snapshots, s => Assert.Equal((vendor.Id, "Good", "kg", (long?)600, (int?)8), (s.VendorId, s.Kind, s.Unit, s.PriceCredits, s.Stock)));
        Assert.Equal([650L, 700, 700, 700], snapshots.Select(s => s.PriceCents ?? 0));
        Assert.Equal(3, await host.WithCatalogAsync(db => db.Listings.Where(l => l.Id == listing.Id).Select(l => l.Version).SingleAsync()));
    }

    [Fact]
    public async Task Stock_given_back_or_sold_out_publishes_snapshots_and_a_reservation_that_leaves_stock_does_not()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();
        var bread = await staff.PublishedGoodAsync(vendor.Id, 5);
        var cake = await staff.PublishedGoodAsync(vendor.Id, 1);
        var order = Guid.NewGuid();

        await SendAndWaitAsync("catalog-reserve-stock", "catalog.reserve-stock", new ReserveStock(order, [new StockLine(bread.Id, 2)])); // v2, 3 left: no snapshot
        await SendAndWaitAsync("catalog-release-stock", "catalog.release-stock", new ReleaseStock(order)); // v3, 5 again
        // A rejected order whose only line fails takes nothing, so the listing does not change and nothing is published.
        await SendAndWaitAsync("catalog-reserve-stock", "catalog.reserve-stock", new ReserveStock(Guid.NewGuid(), [new StockLine(bread.Id, 50)]));
        // Bread is taken (v4) and given back (v5) because the cake line fails: the stock did not move, no snapshot.
        await SendAndWaitAsync("catalog-reserve-stock", "catalog.reserve-stock", new ReserveStock(Guid.NewGuid(), [new StockLine(bread.Id, 1), new StockLine(cake.Id, 2)]));
        await SendAndWaitAsync("catalog-reserve-stock", "catalog.reserve-stock", new ReserveStock(Guid.NewGuid(), [new StockLine(bread.Id, 5)])); // v6, sold out

        var snapshots = await SnapshotsAsync(bread.Id);
        Assert.Equal([0, 1, 3, 6], snapshots.Select(s => s.Version));
        Assert.Equal([5, 5, 5, 0], snapshots.Select(s => s.Stock ?? -1));
        Assert.Equal(6, await host.WithCatalogAsync(db => db.Listings.Where(l => l.Id == bread.Id).Select(l => l.Version).SingleAsync()));
        Assert.Equal([0, 1], (await SnapshotsAsync(cake.Id)).Select(s => s.Version));
    }

    [Fact]
    public async Task The_relay_publishes_the_snapshots_on_the_bus()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();
        var listing = await staff.CreateListingOkAsync(vendor.Id);
        var text = listing.Id.ToString();
        var type = typeof(ListingChanged).FullName!;

        await Eventually.TrueAsync(
            () => host.WithCatalogAsync(db => db.OutboxMessages.AnyAsync(m => m.MessageType == type && m.Body.Contains(text) && m.SentAt != null)),
            Timeout, "the ListingChanged outbox row to be sent");
    }

    private Task<List<ListingChanged>> SnapshotsAsync(Guid listingId) => host.WithCatalogAsync(async db =>
    {
        var type = typeof(ListingChanged).FullName!;
        var text = listingId.ToString();
        var bodies = await db.OutboxMessages.AsNoTracking().Where(m => m.MessageType == type && m.Body.Contains(text))
            .Select(m => m.Body).ToListAsync();
        // Ordered by version: rows written in the same millisecond of the fake clock have UUIDv7 ids in random order.
        return bodies.Select(b => JsonSerializer.Deserialize<ListingChanged>(b, new JsonSerializerOptions(JsonSerializerDefaults.Web))!).OrderBy(s => s.Version).ToList();
    });

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
}
