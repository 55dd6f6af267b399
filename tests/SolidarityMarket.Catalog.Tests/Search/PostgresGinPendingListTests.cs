using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Catalog.Tests.Search;

/// <summary>
/// Migration SearchGinPendingListLimit: the search GIN index flushes its pending list at 1 MB
/// (<see cref="CatalogSearchSql.PostgresGinPendingListUp"/>, docs/performance.md "Catalog search"). A setting of the
/// index only: what a search finds must not depend on whether its entries still wait in the pending list.
/// </summary>
public sealed class PostgresGinPendingListTests(PostgresCatalogHost host) : IClassFixture<PostgresCatalogHost>
{
    private const string Options = """
        SELECT coalesce(array_to_string(reloptions, ','), '') AS "Value" FROM pg_class WHERE relname = 'IX_Listings_SearchVector'
        """;

    [Fact]
    public async Task The_migration_sets_the_search_index_pending_list_limit_and_its_down_resets_it()
    {
        await host.StartAsync();
        Assert.Equal($"gin_pending_list_limit={CatalogSearchSql.PostgresGinPendingListLimitKb}", await ScalarAsync(Options));

        var (down, up) = await host.WithCatalogAsync(async db =>
        {
            var migrations = db.Database.GetMigrations().ToList();
            var mine = migrations.FindIndex(m => m.EndsWith("_SearchGinPendingListLimit", StringComparison.Ordinal));
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(migrations[mine - 1]);
            var afterDown = await db.Database.SqlQueryRaw<string>(Options).SingleAsync();
            await migrator.MigrateAsync(migrations[^1]);
            var afterUp = await db.Database.SqlQueryRaw<string>(Options).SingleAsync();
            return (afterDown, afterUp);
        });
        Assert.Equal("", down);
        Assert.Equal($"gin_pending_list_limit={CatalogSearchSql.PostgresGinPendingListLimitKb}", up);
    }

    [Fact]
    public async Task Listings_still_in_the_pending_list_are_found_and_counted()
    {
        await host.StartAsync();
        var (vendorStaff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = (await vendorStaff.RegisterVendorAsync("Pending Bakers")).Id;
        // Letters only, so the English stemmer leaves it one lexeme no other test's listing has.
        var word = "pend" + new string(Guid.NewGuid().ToString("N")[..10].Select(c => char.IsDigit(c) ? (char)('g' + c - '0') : c).ToArray());
        await host.WithCatalogAsync(async db =>
        {
            var now = host.Clock.GetUtcNow();
            for (var i = 0; i < 5; i++)
            {
                db.Listings.Add(new Listing
                {
                    Id = Guid.CreateVersion7(), VendorId = vendor, Title = $"Loaf {word} {i}", Description = "A sourdough loaf.", Kind = ListingKind.Good,
                    Sector = "food", Category = "bakery", Unit = "item", PriceCents = i < 3 ? 500 : 1_500, Stock = 1,
                    Status = i < 4 ? ListingStatus.Published : ListingStatus.Draft,
                    VendorName = "Pending Bakers", VendorRegion = "Harbour", CreatedAt = now, UpdatedAt = now,
                });
            }

            return await db.SaveChangesAsync();
        });

        // No VACUUM ran: the new entries are in the pending list (fastupdate is on), which the search must scan too.
        var found = await host.Anonymous().SearchAsync($"q={word}&pageSize=10");
        Assert.Equal((4, 4), (found.Total, found.Items.Count));
        Assert.Equal((3, 1), (found.Facets.PriceBand.Counts()["under-10"], found.Facets.PriceBand.Counts()["10-25"]));
    }

    private Task<string> ScalarAsync(string sql) => host.WithCatalogAsync(db => db.Database.SqlQueryRaw<string>(sql).SingleAsync());
}
