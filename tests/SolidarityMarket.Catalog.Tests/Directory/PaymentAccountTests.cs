using System.Net.Http.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Catalog.Features;
using SolidarityMarket.Contracts.Ordering;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.SolidarityDirectory;

/// <summary>
/// Catalog keeps the vendor's card-payment account as Ordering reports it (<see cref="VendorPaymentAccountUpdated"/>
/// on <c>queue:catalog-vendor-payment-account-updated</c>): the latest observation wins whatever order reports arrive
/// in; whether charges and payouts are enabled is public, the account id only for the vendor's staff and administrators.
/// </summary>
public sealed class PaymentAccountTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_latest_observation_wins_even_when_an_older_one_arrives_later()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();
        Assert.Equal((false, false, (string?)null), (vendor.ChargesEnabled, vendor.PayoutsEnabled, vendor.PaymentAccountId));

        await ReportAsync(new VendorPaymentAccountUpdated(vendor.Id, "acct_new", true, true, Noon.AddMinutes(5)));
        await ReportAsync(new VendorPaymentAccountUpdated(vendor.Id, "acct_old", false, false, Noon));
        await ReportAsync(new VendorPaymentAccountUpdated(vendor.Id, "acct_same_time", false, false, Noon.AddMinutes(5)));

        var seen = await OkAsync<VendorDto>(await staff.GetAsync($"{Base}/vendors/{vendor.Id}"));
        Assert.Equal(("acct_new", true, true, Noon.AddMinutes(5)), (seen.PaymentAccountId, seen.ChargesEnabled, seen.PayoutsEnabled, seen.PaymentAccountObservedAt));

        await ReportAsync(new VendorPaymentAccountUpdated(vendor.Id, "acct_new", true, false, Noon.AddHours(1)));
        seen = await OkAsync<VendorDto>(await staff.GetAsync($"{Base}/vendors/{vendor.Id}"));
        Assert.Equal((true, false, Noon.AddHours(1)), (seen.ChargesEnabled, seen.PayoutsEnabled, seen.PaymentAccountObservedAt));
    }

    [Fact]
    public async Task The_public_sees_whether_card_payment_works_and_only_staff_and_admins_see_the_account()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (otherVendor, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (admin, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var vendor = await staff.RegisterVendorAsync();
        await ReportAsync(new VendorPaymentAccountUpdated(vendor.Id, "acct_123", true, false, Noon));

        foreach (var outsider in new[] { host.Anonymous(), otherVendor })
        {
            var shown = await OkAsync<VendorDto>(await outsider.GetAsync($"{Base}/vendors/{vendor.Id}"));
            Assert.Equal((true, false, (string?)null, (DateTimeOffset?)null), (shown.ChargesEnabled, shown.PayoutsEnabled, shown.PaymentAccountId, shown.PaymentAccountObservedAt));
            Assert.DoesNotContain("acct_123", await (await outsider.GetAsync($"{Base}/vendors/{vendor.Id}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("acct_123", (await OkAsync<VendorDto>(await admin.GetAsync($"{Base}/vendors/{vendor.Id}"))).PaymentAccountId);
        Assert.Equal("acct_123", (await staff.GetFromJsonAsync<VendorDto>($"{Base}/vendors/{vendor.Id}"))!.PaymentAccountId);
    }

    [Fact]
    public async Task A_report_about_an_unknown_vendor_or_with_an_unusable_id_changes_nothing()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync();

        await ReportAsync(new VendorPaymentAccountUpdated(Guid.NewGuid(), "acct_x", true, true, Noon));
        await ReportAsync(new VendorPaymentAccountUpdated(vendor.Id, new string('a', 256), true, true, Noon));

        var stored = await host.WithCatalogAsync(db => db.Vendors.AsNoTracking().Where(v => v.Id == vendor.Id)
            .Select(v => new { v.PaymentAccountId, v.ChargesEnabled, v.PaymentAccountObservedAt }).SingleAsync());
        Assert.Equal(((string?)null, false, (DateTimeOffset?)null), (stored.PaymentAccountId, stored.ChargesEnabled, stored.PaymentAccountObservedAt));
    }

    /// <summary>Publishes the report as Ordering would, with a known message id, and waits until the consumer's inbox records it.</summary>
    private async Task ReportAsync(VendorPaymentAccountUpdated report)
    {
        var messageId = NewId.NextGuid();
        await host.Services.GetRequiredService<IBus>().Publish(report, ctx => ctx.MessageId = messageId);
        await Eventually.TrueAsync(
            () => host.WithCatalogAsync(db => db.InboxMessages.AnyAsync(m => m.MessageId == messageId && m.Consumer == "catalog.vendor-payment-account-updated")),
            TimeSpan.FromSeconds(60), "the payment account report to be applied");
    }
}
