using Bogus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Demo;
using SolidarityMarket.ServiceDefaults.Hosting;

namespace SolidarityMarket.Catalog.Demo;

/// <summary>
/// Demo network: co-ops across every sector with a few listings each; the first is run by vendor@demo.coop.
/// Generated with a fixed Bogus seed so every demo looks the same. Seeds once (skips when vendors exist).
/// Registration events go through the outbox like real ones, so the ledger opens the co-ops' accounts.
/// </summary>
public sealed class SeedCatalogDemo : IStartupTask
{
    private static readonly string[] CoopWords = ["Workers'", "Community", "Solidarity", "Commons", "People's", "Mutual", "Cooperative", "Union"];

    public int Order => 100;

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CatalogDbContext>();
        if (await db.Vendors.AnyAsync(cancellationToken))
        {
            return;
        }

        var sectors = services.GetRequiredService<IOptions<CatalogOptions>>().Value.EffectiveSectors;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var faker = new Faker("en") { Random = new Randomizer(2026) };
        var categories = new[] { MembershipCategory.SolidarityEconomyInitiative, MembershipCategory.NetworkOrAssociation, MembershipCategory.SupportOrganization, MembershipCategory.AlliedOrganization };

        for (var i = 0; i < sectors.Count * 2; i++)
        {
            var sector = sectors[i % sectors.Count];
            var staff = i == 0 ? [DemoUsers.Vendor.Id] : new List<string>();
            var vendor = new Vendor
            {
                Id = Guid.CreateVersion7(now.AddSeconds(i)),
                Name = $"{faker.PickRandom(CoopWords)} {faker.Commerce.Department()} Co-op of {faker.Address.City()}",
                Description = faker.Company.CatchPhrase(),
                Category = categories[i % categories.Length],
                Sector = sector,
                Region = faker.Address.State(),
                Website = $"https://{faker.Internet.DomainWord()}.coop",
                RegisteredAt = now,
                Staff = staff.Select(id => new VendorStaff { UserId = id }).ToList(),
            };
            db.Vendors.Add(vendor);
            for (var j = 0; j < 4; j++)
            {
                var isGood = faker.Random.Bool(0.6f);
                db.Listings.Add(new Listing
                {
                    Id = Guid.CreateVersion7(now.AddSeconds(i * 10 + j)),
                    VendorId = vendor.Id,
                    Title = isGood ? faker.Commerce.ProductName() : $"{faker.Hacker.Verb()} service".Replace("  ", " ", StringComparison.Ordinal),
                    Description = faker.Commerce.ProductDescription(),
                    Kind = isGood ? ListingKind.Good : ListingKind.Service,
                    Sector = sector,
                    PriceCents = faker.Random.Bool(0.8f) ? faker.Random.Long(300, 15_000) : null,
                    PriceCredits = faker.Random.Long(500, 20_000),
                    Stock = isGood ? faker.Random.Int(1, 50) : null,
                    Status = ListingStatus.Published,
                    CreatedAt = now.AddMinutes(-faker.Random.Int(0, 10_000)),
                });
            }

            db.Publish(new VendorRegistered(vendor.Id, vendor.Name, vendor.Category.ToString(), vendor.Sector, staff, now), now);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
