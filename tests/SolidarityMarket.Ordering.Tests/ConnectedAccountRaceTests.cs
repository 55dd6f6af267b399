using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>
/// "The newest observedAt wins" (docs/payments.md) is a read-compare-write on <c>VendorCopy.PaymentAccountObservedAt</c>:
/// two account updates handled at once must not let the older observation commit last over the newer one (a review
/// found that it did, with no concurrency token on it; the token makes the older save fail, re-read and give way).
/// </summary>
public sealed class ConnectedAccountRaceTests(OrderingWorld world) : IClassFixture<OrderingWorld>
{
    [Fact]
    public async Task An_older_account_observation_saved_after_a_newer_one_does_not_overwrite_it()
    {
        var vendorId = Guid.NewGuid();
        await world.Bus.Publish(new VendorRegistered(vendorId, "Race Co-op", "SolidarityEconomyInitiative", "food", ["staff-race"], DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(() => world.WithOrderingAsync(db => db.Vendors.AnyAsync(v => v.VendorId == vendorId)), OrderingWorld.Wait, "vendor copy");
        var t0 = DateTimeOffset.UtcNow;
        var metadata = new Dictionary<string, string> { ["vendor_id"] = vendorId.ToString() };

        // Charges enabled first (observed at t0), then Stripe reports them disabled (read at t0+1min) and enabled
        // again (read at t0+2min): the copy must end enabled, as of t0+2min.
        await world.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<ICardPaymentEvents>().ConnectedAccountUpdatedAsync(new ConnectedAccount("acct_race_1", true, true, metadata), t0, CancellationToken.None);
            return 0;
        });

        await using var older = world.Factory.Services.CreateAsyncScope();
        await using var newer = world.Factory.Services.CreateAsyncScope();

        // The newer observation (charges enabled again, read at t0+2min) is handled entirely while the older one (charges
        // not yet enabled, read at t0+1min) has loaded the vendor and is about to save: the interleaving of two
        // account.updated webhooks Stripe delivers at once during onboarding.
        Task? newerDone = null;
        var olderDb = older.ServiceProvider.GetRequiredService<OrderingDbContext>();
        olderDb.SavingChanges += (_, _) =>
        {
            newerDone ??= Task.Run(() => newer.ServiceProvider.GetRequiredService<ICardPaymentEvents>()
                .ConnectedAccountUpdatedAsync(new ConnectedAccount("acct_race_1", true, true, metadata), t0.AddMinutes(2), CancellationToken.None));
            newerDone.GetAwaiter().GetResult();
        };

        await older.ServiceProvider.GetRequiredService<ICardPaymentEvents>()
            .ConnectedAccountUpdatedAsync(new ConnectedAccount("acct_race_1", false, false, metadata), t0.AddMinutes(1), CancellationToken.None);

        Assert.NotNull(newerDone);
        var vendor = await world.WithOrderingAsync(db => db.Vendors.AsNoTracking().SingleAsync(v => v.VendorId == vendorId));
        Assert.Equal((true, t0.AddMinutes(2)), (vendor.ChargesEnabled, vendor.PaymentAccountObservedAt!.Value));
    }
}
