using Bogus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Catalog;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// Generated catalog for the search benchmark (fixed Bogus seed): vendors with company names and US-state regions,
/// a fifth of them certified (and a few with a lapsed certificate), and listings with commerce product names
/// ("Rustic Wooden Chair"), product descriptions and English review text, so full-text search has real words to
/// index. 90% published; about 20% without a card price and 30% without a credit price; created over a year.
/// Inserted through EF Core (so the search triggers run for every row), 5,000 per SaveChanges.
/// </summary>
public static class CatalogSearchWorld
{
    public static async Task<TimeSpan> SeedAsync(IServiceProvider services, int listings, int vendors, int seed)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var faker = new Faker("en") { Random = new Randomizer(seed) };
        var sectors = CatalogOptions.DefaultSectors;
        var options = new CatalogOptions();

        var vendorRows = Enumerable.Range(0, vendors).Select(i =>
        {
            var certified = faker.Random.Double() switch
            {
                < 0.20 => now.AddDays(faker.Random.Int(1, 360)),
                < 0.25 => now.AddDays(-faker.Random.Int(1, 100)), // lapsed: still stored, no longer counts
                _ => (DateTimeOffset?)null,
            };
            return new Vendor
            {
                Id = Guid.CreateVersion7(now.AddSeconds(-vendors + i)),
                Name = faker.Company.CompanyName(),
                Description = faker.Company.CatchPhrase(),
                Category = faker.PickRandom<MembershipCategory>(),
                Sector = faker.PickRandom(sectors.ToArray()),
                Region = faker.Address.State(),
                RegisteredAt = now,
                CertifiedUntil = certified,
            };
        }).ToList();

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            db.Vendors.AddRange(vendorRows);
            await db.SaveChangesAsync();
        }

        const int batch = 5_000;
        for (var start = 0; start < listings; start += batch)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(listings, start + batch); i++)
            {
                var vendor = faker.PickRandom(vendorRows);
                var sector = faker.Random.Bool(0.8f) ? vendor.Sector : faker.PickRandom(sectors.ToArray());
                var product = faker.Commerce.ProductName();
                var isGood = faker.Random.Bool(0.7f);
                var cents = (long)Math.Round(Math.Exp(faker.Random.Double(Math.Log(150), Math.Log(60_000))));
                var created = now.AddMinutes(-faker.Random.Int(0, 525_600));
                db.Listings.Add(new Listing
                {
                    Id = Guid.CreateVersion7(created),
                    VendorId = vendor.Id,
                    Title = product,
                    Description = $"{faker.Commerce.ProductDescription()} {faker.Rant.Review(product)}",
                    Kind = isGood ? ListingKind.Good : ListingKind.Service,
                    Sector = sector,
                    Category = faker.PickRandom(options.CategoriesOf(sector).ToArray()),
                    Unit = isGood ? "item" : "hour",
                    PriceCents = faker.Random.Bool(0.8f) ? cents : null,
                    PriceCredits = faker.Random.Bool(0.7f) ? cents : null,
                    Stock = isGood ? faker.Random.Int(0, 200) : null,
                    Status = faker.Random.Bool(0.9f) ? ListingStatus.Published : faker.PickRandom(ListingStatus.Draft, ListingStatus.Archived),
                    CreatedAt = created,
                    UpdatedAt = created,
                    VendorName = vendor.Name,
                    VendorRegion = vendor.Region,
                    VendorCertifiedUntil = vendor.CertifiedUntil,
                });
            }

            // Ensures a listing without any price cannot happen (the API forbids it): credits then.
            foreach (var entry in db.ChangeTracker.Entries<Listing>().Where(e => e.Entity.PriceCents is null && e.Entity.PriceCredits is null))
            {
                entry.Entity.PriceCredits = 1_000;
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }

        await using (var scope = services.CreateAsyncScope())
        {
            // Planner statistics, as a maintained database has them (ANALYZE on both providers). On PostgreSQL VACUUM
            // too, which autovacuum does to a maintained database: a manual ANALYZE leaves the GIN index's pending list
            // (up to gin_pending_list_limit of freshly inserted entries, which every search scans) in place, and
            // autovacuum would otherwise flush it, and vacuum the 100,000 new rows, during the first measured query.
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            await db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql() ? "VACUUM (ANALYZE);" : "ANALYZE;");
        }

        return watch.Elapsed;
    }
}
