using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ordering.Tests.OrderingWorld;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>
/// Ordering's listing copy (<see cref="ListingCopyUpsert"/>, one upsert guarded by the version) on SQLite and on
/// PostgreSQL: an older snapshot changes nothing, and snapshots of one new listing written at the same moment (the
/// primary-key race of the first insert included) all succeed and leave the greatest version.
/// </summary>
public abstract class ListingCopyTests(OrderingWorld world)
{
    private const int Snapshots = 12;

    private static ListingChanged Snapshot(Guid listingId, Guid vendorId, int version) =>
        new(listingId, vendorId, $"Version {version}", "Good", "Published", "kg", 100 * version, 10 * version, version, version, DateTimeOffset.UtcNow);

    private Task<ListingCopy> CopyAsync(Guid listingId) => world.WithOrderingAsync(db => db.Listings.AsNoTracking().SingleAsync(l => l.ListingId == listingId));

    [Fact]
    public async Task An_older_snapshot_changes_nothing_and_a_newer_one_replaces_every_field()
    {
        var listingId = Guid.NewGuid();
        var vendorId = Guid.NewGuid();
        Assert.Equal(1, await ApplyAsync(Snapshot(listingId, vendorId, 5)));
        Assert.Equal(0, await ApplyAsync(Snapshot(listingId, vendorId, 3)));
        Assert.Equal(0, await ApplyAsync(Snapshot(listingId, vendorId, 5) with { Title = "Same version again" }));
        Assert.Equal((5, "Version 5", 500L, 50L, 5), await FieldsAsync(listingId));

        var changedAt = new DateTimeOffset(2026, 11, 29, 10, 30, 0, TimeSpan.FromHours(2));
        Assert.Equal(1, await ApplyAsync(Snapshot(listingId, vendorId, 6) with { Status = "Archived", PriceCents = null, Stock = null, ChangedAt = changedAt }));
        var copy = await CopyAsync(listingId);
        Assert.Equal((6, "Version 6", "Archived", (long?)null, (long?)60, (int?)null, vendorId), (copy.Version, copy.Title, copy.Status, copy.PriceCents, copy.PriceCredits, copy.Stock, copy.VendorId));
        Assert.Equal(changedAt, copy.ChangedAt);
    }

    [Fact]
    public async Task Snapshots_of_a_new_listing_written_at_once_all_succeed_and_leave_the_greatest_version()
    {
        var listingId = Guid.NewGuid();
        var vendorId = Guid.NewGuid();
        var versions = Enumerable.Range(1, Snapshots).OrderBy(_ => Random.Shared.Next()).ToList();
        using var start = new ManualResetEventSlim();

        // Each in its own scope and transaction, as the consumer runs them; all start together so the first inserts race.
        var writes = versions.Select(v => Task.Run(async () =>
        {
            start.Wait();
            return await ApplyAsync(Snapshot(listingId, vendorId, v));
        })).ToList();
        start.Set();
        var written = await Task.WhenAll(writes);

        Assert.InRange(written.Sum(), 1, Snapshots);
        Assert.Equal((Snapshots, $"Version {Snapshots}", 100L * Snapshots, 10L * Snapshots, Snapshots), await FieldsAsync(listingId));
    }

    [Fact]
    public async Task Snapshots_published_at_once_on_the_bus_are_each_applied_once_and_the_copy_ends_at_the_greatest_version()
    {
        var listingId = Guid.NewGuid();
        var vendorId = Guid.NewGuid();
        var ids = Enumerable.Range(1, Snapshots).ToDictionary(v => v, _ => Guid.NewGuid());

        await Task.WhenAll(ids.OrderBy(_ => Random.Shared.Next()).Select(p => world.Bus.Publish(Snapshot(listingId, vendorId, p.Key), c => c.MessageId = p.Value)));
        var messageIds = ids.Values.ToList();
        await Eventually.TrueAsync(
            async () => await world.WithOrderingAsync(db => db.InboxMessages.CountAsync(m => m.Consumer == "ordering.copy-listing" && messageIds.Contains(m.MessageId))) == Snapshots,
            Wait, "every snapshot to be handled");

        Assert.Equal((Snapshots, $"Version {Snapshots}", 100L * Snapshots, 10L * Snapshots, Snapshots), await FieldsAsync(listingId));
    }

    private async Task<(int Version, string Title, long PriceCents, long PriceCredits, int Stock)> FieldsAsync(Guid listingId)
    {
        var copy = await CopyAsync(listingId);
        return (copy.Version, copy.Title, copy.PriceCents!.Value, copy.PriceCredits!.Value, copy.Stock!.Value);
    }

    private Task<int> ApplyAsync(ListingChanged snapshot) => world.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<OrderingDbContext>();
        Assert.True(ListingCopyUpsert.Supports(db));
        await using var transaction = await db.Database.BeginTransactionAsync();
        var written = await ListingCopyUpsert.ApplyAsync(db, snapshot, CancellationToken.None);
        await transaction.CommitAsync();
        return written;
    });
}

public sealed class SqliteListingCopyTests(OrderingWorld world) : ListingCopyTests(world), IClassFixture<OrderingWorld>;

public sealed class PostgresListingCopyTests(PostgresWorld world) : ListingCopyTests(world), IClassFixture<PostgresWorld>;
