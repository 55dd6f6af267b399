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
/// Every change of a listing puts a <see cref="ListingChanged"/> snapshot in the outbox, in the same transaction,
/// carrying the listing's new version: create, edit, publish, archive, and stock taken or given back by the
/// reservation consumers. The relay then publishes them on the bus.
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
    public async Task Stock_taken_and_given_back_by_the_consumers_publishes_snapshots_with_the_stock_and_version()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();
        var bread = await staff.PublishedGoodAsync(vendor.Id, 5);
        var order = Guid.NewGuid();

        await SendAndWaitAsync("catalog-reserve-stock", "catalog.reserve-stock", new ReserveStock(order, [new StockLine(bread.Id, 2)]));
        await SendAndWaitAsync("catalog-release-stock", "catalog.release-stock", new ReleaseStock(order));
        // A rejected order whose only line fails takes nothing, so the listing does not change and nothing is published.
        await SendAndWaitAsync("catalog-reserve-stock", "catalog.reserve-stock", new ReserveStock(Guid.NewGuid(), [new StockLine(bread.Id, 50)]));

        var snapshots = await SnapshotsAsync(bread.Id);
        Assert.Equal([0, 1, 2, 3], snapshots.Select(s => s.Version));
        Assert.Equal([5, 5, 3, 5], snapshots.Select(s => s.Stock ?? -1));
        Assert.Equal(3, await host.WithCatalogAsync(db => db.Listings.Where(l => l.Id == bread.Id).Select(l => l.Version).SingleAsync()));
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
