using Bogus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Features.Listings;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Demo;
using SolidarityMarket.ServiceDefaults.Hosting;

namespace SolidarityMarket.Catalog.Demo;

/// <summary>
/// Demo network: two co-ops per sector with four listings each; the first is run by vendor@demo.coop.
/// Generated with a fixed Bogus seed so every demo looks the same. Seeds once (skips when vendors exist).
/// Registration events go through the outbox like real ones, so the ledger opens the co-ops' accounts.
/// Replicas starting together may both find no vendors: the ids are fixed (derived from the seed index), so the
/// second one's insert — vendors, listings and events, one transaction — fails on a duplicate key and is dropped as
/// "someone else seeded" instead of doubling the network.
/// </summary>
public sealed class SeedCatalogDemo : IStartupTask
{
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
        // A second generator for addresses and locations, so adding them left the names and listings as they were.
        var places = new Faker("en_US") { Random = new Randomizer(7946) };
        var categories = new[] { MembershipCategory.SolidarityEconomyInitiative, MembershipCategory.NetworkOrAssociation, MembershipCategory.SupportOrganization, MembershipCategory.AlliedOrganization };

        for (var i = 0; i < sectors.Count * 2; i++)
        {
            var sector = sectors[i % sectors.Count];
            var names = DemoCatalogData.CoopNames.TryGetValue(sector, out var known) ? known : [$"{sector} Co-operative"];
            var offers = DemoCatalogData.Offers.TryGetValue(sector, out var o) ? o : [new DemoCatalogData.Offer($"{sector} service", false, 2000, CatalogOptions.FallbackCategories[1], "hour")];
            var staff = i == 0 ? [DemoUsers.Vendor.Id] : new List<string>();
            var city = faker.Address.City();
            var vendor = new Vendor
            {
                Id = DemoId(VendorIds, i),
                Name = $"{city} {faker.PickRandom(names)}",
                Description = $"A {categories[i % categories.Length] switch
                {
                    MembershipCategory.SolidarityEconomyInitiative => "worker-owned co-operative",
                    MembershipCategory.NetworkOrAssociation => "network of producers",
                    MembershipCategory.SupportOrganization => "support organization",
                    _ => "allied organization",
                }} in {city}, trading in the {sector} sector since {faker.Random.Int(1985, 2024)}.",
                Category = categories[i % categories.Length],
                Sector = sector,
                Region = faker.Address.State(),
                Website = $"https://{faker.Internet.DomainWord()}.coop",
                Street = places.Address.StreetAddress(),
                City = city,
                PostalCode = places.Address.ZipCode("#####"),
                Country = "United States",
                // Somewhere in the contiguous United States, to six decimals (the stored precision).
                LatitudeMicro = GeoCoordinates.ToMicro(Math.Round(places.Random.Double(30.0, 47.0), 6)),
                LongitudeMicro = GeoCoordinates.ToMicro(Math.Round(places.Random.Double(-122.0, -75.0), 6)),
                ContactPhone = places.Phone.PhoneNumber("(###) ###-####"),
                RegisteredAt = now,
                Staff = staff.Select(id => new VendorStaff { UserId = id }).ToList(),
            };
            vendor.ContactEmail = $"info@{new Uri(vendor.Website).Host}";
            db.Vendors.Add(vendor);
            foreach (var (offer, j) in faker.PickRandom(offers, 4).Select((offer, j) => (offer, j)))
            {
                // Prices vary around the typical one; about one listing in five is credits-only.
                var cents = (long)(offer.TypicalPriceCents * faker.Random.Double(0.8, 1.25));
                var created = now.AddMinutes(-faker.Random.Int(0, 10_000));
                var listing = new Listing
                {
                    Id = DemoId(ListingIds, i * 10 + j),
                    VendorId = vendor.Id,
                    Title = offer.Title,
                    Description = $"{offer.Title} from {vendor.Name}. {faker.PickRandom(DemoCatalogData.Promises)}",
                    Kind = offer.IsGood ? ListingKind.Good : ListingKind.Service,
                    Sector = sector,
                    Category = offer.Category,
                    Unit = offer.Unit,
                    VendorName = vendor.Name,
                    VendorRegion = vendor.Region,
                    PriceCents = faker.Random.Bool(0.8f) ? cents : null,
                    PriceCredits = cents,
                    Stock = offer.IsGood ? faker.Random.Int(1, 50) : null,
                    Status = ListingStatus.Published,
                    CreatedAt = created,
                    UpdatedAt = created,
                };
                db.Listings.Add(listing);
                // Ordering builds its copy of the listings from these snapshots, as for listings made through the API.
                ListingSnapshot.Publish(db, listing, now);
            }

            // The demo network stands for co-ops an administrator registered: their accounts get the default limits.
            db.Publish(new VendorRegistered(vendor.Id, vendor.Name, vendor.Category.ToString(), vendor.Sector, staff, now, VettedByAdministrator: true), now);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
        {
            // Another replica committed the same network first (ours rolled back whole), or something else failed.
            if (!await SeededByAnotherAsync(db, cancellationToken))
            {
                throw;
            }
        }
    }

    private const string VendorIds = "0196a000-0000-7000-8001";

    private const string ListingIds = "0196a000-0000-7000-8002";

    /// <summary>
    /// The same id for the same seed index in every process, shaped like the UUIDv7s the API makes (version 7,
    /// variant 10) and in index order, so vendors still list in the order they were seeded.
    /// </summary>
    public static Guid DemoId(string prefix, int index) => Guid.Parse($"{prefix}-{index:x12}");

    private static async Task<bool> SeededByAnotherAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear(); // the refused rows, still tracked as added
        return await db.Vendors.AnyAsync(v => v.Id == DemoId(VendorIds, 0), cancellationToken);
    }
}
