using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Features.Listings;
using SolidarityMarket.Catalog.Search;
using SolidarityMarket.Catalog.Tests.Listings;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Search;

/// <summary>
/// SQLite search keeps the facet counts in memory under the database's id and the counts' version, which the facet
/// triggers bump in the same transaction (<c>SqliteFacetCells</c>, docs/adr/0014-facet-counts-in-memory.md). These
/// tests check that the counts are read again exactly when they changed, that every answer equals counts made from
/// scratch over the published listings, and that a cached snapshot is never served for another database.
/// Its own host (fixture): one test rewrites the counts behind the triggers' back.
/// </summary>
public sealed class SqliteFacetCountsInMemoryTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    [Fact]
    public async Task Counts_are_read_once_per_version_and_a_write_that_changes_no_facet_leaves_the_version()
    {
        var (staff, vendorId, word) = await VendorAsync();
        var listing = await PublishedAsync(staff, vendorId, $"Loaf {word}");
        var connection = await ConnectionStringAsync();

        await BrowseFacets.AssertExactAsync(host);
        var reads = SqliteFacetCells.SnapshotReadsOf(connection);
        var version = await VersionAsync();
        await BrowseFacets.AssertExactAsync(host);
        await BrowseFacets.AssertExactAsync(host);
        Assert.Equal(reads, SqliteFacetCells.SnapshotReadsOf(connection));

        // Stock is no facet: the version stays, and so do the counts in memory.
        await host.WithCatalogAsync(db => db.Listings.Where(l => l.Id == listing.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.Stock, 2)));
        Assert.Equal(version, await VersionAsync());
        await BrowseFacets.AssertExactAsync(host);
        Assert.Equal(reads, SqliteFacetCells.SnapshotReadsOf(connection));

        // A new price band: the version moves in the same statement, and the next browse reads the counts again.
        await OkAsync<ListingDto>(await staff.UpdateListingAsync(listing.Id, ListingApi.Good($"Loaf {word}", 20_000, null)));
        Assert.True(await VersionAsync() > version);
        await BrowseFacets.AssertExactAsync(host);
        Assert.Equal(reads + 1, SqliteFacetCells.SnapshotReadsOf(connection));
    }

    [Fact]
    public async Task A_word_search_in_a_cell_new_since_the_snapshot_reads_the_cells_again_and_counts_exactly()
    {
        var (staff, vendorId, word) = await VendorAsync();
        await PublishedAsync(staff, vendorId, $"Loaf {word}");
        await BrowseFacets.AssertExactAsync(host);
        var connection = await ConnectionStringAsync();
        var reads = SqliteFacetCells.SnapshotReadsOf(connection);

        // A region no listing had: a new cell, unknown to the snapshot in memory.
        await host.WithCatalogAsync(db => db.Vendors.Where(v => v.Id == vendorId).ExecuteUpdateAsync(s => s.SetProperty(v => v.Region, "Region " + word)));
        var result = await host.Anonymous().SearchAsync($"q={word}");

        Assert.Equal(1, result.Total);
        Assert.Equal(1, result.Facets.Region.Counts()["Region " + word]);
        Assert.Equal(reads + 1, SqliteFacetCells.SnapshotReadsOf(connection));
        await BrowseFacets.AssertExactAsync(host);
    }

    [Fact]
    public async Task Counts_cached_for_one_database_are_not_served_for_another_at_the_same_path()
    {
        var (staff, vendorId, word) = await VendorAsync();
        await PublishedAsync(staff, vendorId, $"Loaf {word}");
        var before = await BrowseTotalAsync();

        // Another database at the same path: a new id, counts that differ, the same version (written behind the
        // triggers' back, which no code of the product does). The search must show the new counts, then the old.
        var cell = await host.WithCatalogAsync(db => db.Database.SqlQuery<int>($"""SELECT min("Cell") AS "Value" FROM "ListingFacetCounts" WHERE "Count" > 0""").SingleAsync());
        await ReplaceAsync(cell, +5);
        try
        {
            Assert.Equal(before + 5, await BrowseTotalAsync());
        }
        finally
        {
            await ReplaceAsync(cell, -5);
        }

        Assert.Equal(before, await BrowseTotalAsync());
        await BrowseFacets.AssertExactAsync(host);
    }

    private Task ReplaceAsync(int cell, int delta) => host.WithCatalogAsync(async db =>
    {
        await db.Database.ExecuteSqlAsync($"""UPDATE "ListingFacetCounts" SET "Count" = "Count" + {delta} WHERE "Cell" = {cell}""");
        return await db.Database.ExecuteSqlAsync($"""UPDATE "ListingFacetState" SET "Id" = randomblob(16)""");
    });

    private async Task<int> BrowseTotalAsync() => (await host.Anonymous().SearchAsync("pageSize=1")).Total;

    private Task<long> VersionAsync() =>
        host.WithCatalogAsync(db => db.Database.SqlQuery<long>($"""SELECT "Version" AS "Value" FROM "ListingFacetState" """).SingleAsync());

    private Task<string> ConnectionStringAsync() => host.WithCatalogAsync(db => Task.FromResult(db.Database.GetConnectionString()!));

    private async Task<(HttpClient Staff, Guid VendorId, string Word)> VendorAsync()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();
        // A made-up word of letters only, so no test finds another's listing and no stemmer changes it.
        var word = "zz" + new string(Guid.NewGuid().ToString("N")[..10].Select(c => (char)('a' + (c % 26))).ToArray());
        return (staff, vendor.Id, word);
    }

    private static async Task<ListingDto> PublishedAsync(HttpClient staff, Guid vendorId, string title)
    {
        var listing = await staff.CreateListingOkAsync(vendorId, ListingApi.Good(title));
        return await OkAsync<ListingDto>(await staff.PublishListingAsync(listing.Id));
    }
}
