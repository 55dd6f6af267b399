using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Demo;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Catalog.Tests.SolidarityDirectory;

/// <summary>
/// Two replicas starting together in demo mode both find no vendors and both seed the demo network. The race is
/// forced: each seed's save waits until the other's has reached it, so both checked "no vendors yet" first.
/// </summary>
public sealed class DemoSeedRaceTests : IAsyncLifetime
{
    private readonly CatalogHost _host = new();

    public async ValueTask InitializeAsync() => await _host.InitializeAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Two_replicas_seeding_together_leave_one_demo_network()
    {
        var rendezvous = new Rendezvous(2);

        await Task.WhenAll(Task.Run(() => SeedAsync(rendezvous)), Task.Run(() => SeedAsync(rendezvous)));

        Assert.True(rendezvous.Met, "both seeds checked for vendors before either saved");
        var sectors = _host.Services.GetRequiredService<IOptions<CatalogOptions>>().Value.EffectiveSectors.Count;
        var (vendors, listings, registrations) = await _host.WithCatalogAsync(async db => (
            await db.Vendors.CountAsync(),
            await db.Listings.CountAsync(),
            await db.OutboxMessages.CountAsync(m => m.MessageType.Contains("VendorRegistered"))));
        Assert.Equal((sectors * 2, sectors * 2 * 4, sectors * 2), (vendors, listings, registrations));

        // A later start finds the network and adds nothing.
        await SeedAsync(rendezvous: null);
        Assert.Equal(sectors * 2, await _host.WithCatalogAsync(db => db.Vendors.CountAsync()));
    }

    private async Task SeedAsync(Rendezvous? rendezvous)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<DbContextOptions<CatalogSqliteDbContext>>();
        var builder = new DbContextOptionsBuilder<CatalogSqliteDbContext>(options);
        if (rendezvous is not null)
        {
            builder.AddInterceptors(new MeetBeforeSavingVendors(rendezvous));
        }

        await using var db = new CatalogSqliteDbContext(builder.Options);
        await new SeedCatalogDemo().RunAsync(new WithContext(scope.ServiceProvider, db), TestContext.Current.CancellationToken);
    }

    /// <summary>The scope's services, but this context as the Catalog's.</summary>
    private sealed class WithContext(IServiceProvider inner, CatalogDbContext db) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(CatalogDbContext) ? db : inner.GetService(serviceType);
    }

    private sealed class MeetBeforeSavingVendors(Rendezvous rendezvous) : SaveChangesInterceptor
    {
        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context!.ChangeTracker.Entries<Vendor>().Any(e => e.State == EntityState.Added))
            {
                await rendezvous.ArriveAsync();
            }

            return result;
        }
    }
}
