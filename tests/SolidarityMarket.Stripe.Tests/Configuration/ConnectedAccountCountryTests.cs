using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Payments.Stripe;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Stripe.Tests.Webhooks;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Stripe.Tests.Configuration;

/// <summary>
/// The country of co-ops' connected accounts comes from <c>Stripe:ConnectedAccountCountry</c> (default US; Ordering
/// does not know a vendor's country), checked at start-up as a two-letter ISO code, and is what onboarding sends.
/// </summary>
public sealed class ConnectedAccountCountryTests
{
    private static readonly StripeOptionsValidator Validator = new();

    [Fact]
    public void The_default_country_is_US_and_valid()
    {
        var options = new StripeOptions();

        Assert.Equal("US", options.ConnectedAccountCountry);
        Assert.True(Validator.Validate(null, options).Succeeded);
        Assert.True(Validator.Validate(null, new StripeOptions { ConnectedAccountCountry = "FR" }).Succeeded);
    }

    [Theory]
    [InlineData("us")]
    [InlineData("USA")]
    [InlineData("")]
    [InlineData("U1")]
    [InlineData("United States")]
    public void A_country_that_is_not_a_two_letter_upper_case_code_is_refused(string country)
    {
        var result = Validator.Validate(null, new StripeOptions { ConnectedAccountCountry = country });

        Assert.True(result.Failed);
        Assert.Contains("Stripe:ConnectedAccountCountry", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_with_a_bad_country_does_not_start()
    {
        await using var factory = new MarketplaceFactory(new() { ["Modules"] = "Ordering", ["Stripe:ConnectedAccountCountry"] = "usa" });

        var error = factory.StartupFailure();

        Assert.Contains("Stripe:ConnectedAccountCountry", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Onboarding_creates_the_connected_account_in_the_configured_country()
    {
        await using var host = new WebhookHost(moreSettings: new Dictionary<string, string?> { ["Stripe:ConnectedAccountCountry"] = "FR" });
        var (staff, staffId) = await MarketplaceFactory.SignInAsNewUserAsync(host.Factory, Roles.Vendor);
        var vendorId = Guid.NewGuid();
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            // Ordering's copy of a vendor as Catalog's VendorRegistered would build it (Catalog is not in this host).
            var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
            db.Vendors.Add(new VendorCopy { VendorId = vendorId, Name = "Coopérative du Pain", Sector = "food", MembershipCategory = "SolidarityEconomyInitiative", StaffUserIds = [staffId], UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var response = await staff.PostAsync($"/api/ordering/vendors/{vendorId}/payment-account", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var created = Assert.Single(host.Stripe.RequestsTo("POST", "/v1/accounts"));
        Assert.Equal("FR", created.Form["country"]);
        Assert.Equal(vendorId.ToString(), created.Form["metadata[vendor_id]"]);
    }
}
