using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Stripe.Tests.Fake;
using SolidarityMarket.Stripe.Tests.Webhooks;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Stripe.Tests.Gateway;

/// <summary>
/// Vendor onboarding (<c>POST /api/ordering/vendors/{id}/payment-account</c>) through the real Stripe.net client
/// against the fake Stripe server: when Stripe refuses, the vendor's staff get Stripe's answer as a 4xx
/// ProblemDetails, never a 500, and the vendor's stored account is left as it was.
/// </summary>
public sealed class OnboardingRefusalTests
{
    [Fact]
    public async Task An_account_deleted_at_Stripe_answers_404_and_a_refused_creation_400_and_nothing_changes()
    {
        await using var host = new WebhookHost();
        var (staff, staffId) = await MarketplaceFactory.SignInAsNewUserAsync(host.Factory, Roles.Vendor);
        var gone = await AddVendorAsync(host, staffId, "acct_deleted_at_stripe");
        var fresh = await AddVendorAsync(host, staffId, null);
        host.Stripe.Fail("POST", "/v1/accounts", FakeStripeError.Invalid("Country 'US' is not supported for this platform.", "country_unsupported"));

        var missing = await staff.PostAsync($"/api/ordering/vendors/{gone}/payment-account", null);
        var refused = await staff.PostAsync($"/api/ordering/vendors/{fresh}/payment-account", null);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("not supported", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(("acct_deleted_at_stripe", (string?)null), (await StoredAccountAsync(host, gone), await StoredAccountAsync(host, fresh)));
    }

    [Fact]
    public async Task Stripe_failing_on_its_side_answers_503_for_onboarding_and_a_reconciliation_run_not_500()
    {
        await using var host = new WebhookHost();
        var (staff, staffId) = await MarketplaceFactory.SignInAsNewUserAsync(host.Factory, Roles.Vendor);
        var (admin, _) = await MarketplaceFactory.SignInAsNewUserAsync(host.Factory, Roles.Admin);
        var vendorId = await AddVendorAsync(host, staffId, null);

        // More failures than Stripe.net's own retries, so the outage reaches Ordering.
        host.Stripe.Fail("POST", "/v1/accounts", FakeStripeError.Server(), times: 10);
        host.Stripe.Fail("GET", "/v1/balance_transactions", FakeStripeError.Server(), times: 10);
        var onboarding = await staff.PostAsync($"/api/ordering/vendors/{vendorId}/payment-account", null);
        var reconciliation = await admin.PostAsync("/api/ordering/reconciliations?date=2026-01-10", null);

        foreach (var response in new[] { onboarding, reconciliation })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.RetryAfter is not null);
        }

        Assert.Null(await StoredAccountAsync(host, vendorId));
        host.Stripe.ClearFailures();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/ordering/vendors/{vendorId}/payment-account", null)).StatusCode);
    }

    private static async Task<Guid> AddVendorAsync(WebhookHost host, string staffId, string? stripeAccountId)
    {
        var vendorId = Guid.NewGuid();
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        db.Vendors.Add(new VendorCopy
        {
            VendorId = vendorId, Name = "Refused Co-op", Sector = "food", MembershipCategory = "SolidarityEconomyInitiative",
            StaffUserIds = [staffId], StripeAccountId = stripeAccountId, UpdatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        return vendorId;
    }

    private static async Task<string?> StoredAccountAsync(WebhookHost host, Guid vendorId)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        return await db.Vendors.AsNoTracking().Where(v => v.VendorId == vendorId).Select(v => v.StripeAccountId).SingleAsync();
    }
}
