using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Payments;

namespace SolidarityMarket.Stripe.Tests.Webhooks;

/// <summary>
/// Two <c>account.updated</c> events created in the same second (Stripe's <c>created</c> is whole seconds), the
/// account enabled between them: the second re-read is the fresher one and must be applied, not dropped as a repeat.
/// Through the real order side (<see cref="CardPaymentEvents"/>).
/// </summary>
public sealed class AccountUpdatedSameSecondTests
{
    [Fact]
    public async Task The_second_event_of_the_same_second_applies_the_account_enabled_in_between()
    {
        await using var host = new WebhookHost(realOrderSide: true);
        var vendorId = Guid.NewGuid();
        var account = await host.Gateway.CreateConnectedAccountAsync(new ConnectedAccountRequest(vendorId, null, "US", $"vendor-{vendorId}"), CancellationToken.None);
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
            db.Vendors.Add(new VendorCopy { VendorId = vendorId, Name = "Same Second Co-op", MembershipCategory = "SolidarityEconomyInitiative", UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var created = DateTimeOffset.UtcNow;
        var first = await host.PostAsync(StripeEvents.Build("evt_same_second_1", "account.updated", host.Stripe.Snapshot(account.AccountId), created));
        Assert.False((await VendorAsync(host, vendorId)).ChargesEnabled);
        host.Stripe.EnableAccount(account.AccountId);
        var second = await host.PostAsync(StripeEvents.Build("evt_same_second_2", "account.updated", host.Stripe.Snapshot(account.AccountId), created));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var vendor = await VendorAsync(host, vendorId);
        Assert.Equal(account.AccountId, vendor.StripeAccountId);
        Assert.True(vendor.ChargesEnabled);
        Assert.True(vendor.PayoutsEnabled);
    }

    private static async Task<VendorCopy> VendorAsync(WebhookHost host, Guid vendorId)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrderingDbContext>().Vendors.AsNoTracking().SingleAsync(v => v.VendorId == vendorId);
    }
}
