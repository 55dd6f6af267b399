using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Stripe.Tests.Fake;
using SolidarityMarket.Stripe.Tests.Webhooks;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// A marketplace of its own that takes card payments through the <em>Stripe</em> gateway: the real Stripe.net client
/// pointed at the Stripe tests' fake Stripe server (<see cref="FakeStripeServer"/>, linked into this project), the
/// webhook verified under <see cref="StripeEvents.Secret"/>, and the UI given a publishable key so the checkout page
/// renders Stripe's Payment Element. What Stripe would do outside its API (the buyer's card accepted, an account
/// reviewed) the tests do on the fake server and announce with signed webhooks, as Stripe does.
/// </summary>
public sealed class StripeCheckoutWorld : MarketWorld
{
    /// <summary>The UI's <c>Web:StripePublishableKey</c>: public by design, so the page must hand exactly this to Stripe.js.</summary>
    public const string PublishableKey = "pk_test_solidarity_market_checkout_page";

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    public StripeCheckoutWorld()
        : this(new FakeStripeServer())
    {
    }

    private StripeCheckoutWorld(FakeStripeServer stripe)
        : base(new()
        {
            ["Stripe:SecretKey"] = FakeStripeServer.SecretKey,
            ["Stripe:WebhookSecret"] = StripeEvents.Secret,
            ["Stripe:ApiBase"] = stripe.Url,
            ["Web:StripePublishableKey"] = PublishableKey,
        })
    {
        Stripe = stripe;
    }

    /// <summary>The stand-in for api.stripe.com that Ordering's Stripe gateway talks to.</summary>
    public FakeStripeServer Stripe { get; }

    protected override bool SeedsListings => false;

    /// <summary>
    /// A new certified co-op whose Stripe account is open and enabled (as after Stripe's review: enabled on the fake
    /// server, then announced by <c>account.updated</c>), with one published good sold by card only.
    /// </summary>
    public async Task<(VendorStaff Staff, Guid Listing)> CardVendorWithGoodAsync(string title, long cents)
    {
        var staff = await this.NewVendorStaffAsync($"Orchard {Guid.NewGuid():N}");
        using (var admin = await AdminAsync())
        {
            await CertifyAsync(staff.Api, admin, staff.VendorId);
        }

        // Ordering learns of the vendor from Catalog's event before it can open the vendor's Stripe account.
        string? accountId = null;
        await Eventually.TrueAsync(
            async () =>
            {
                var opened = await staff.Api.PostAsync(new Uri($"/api/ordering/vendors/{staff.VendorId}/payment-account", UriKind.Relative), null);
                if (!opened.IsSuccessStatusCode)
                {
                    return false;
                }

                accountId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accountId").GetString();
                return true;
            },
            Wait,
            "the vendor's Stripe account opened");
        Stripe.EnableAccount(accountId!);
        var announced = await PostWebhookAsync("account.updated", Stripe.Snapshot(accountId!));
        Assert.True(announced.IsSuccessStatusCode, $"account.updated: {(int)announced.StatusCode} {await announced.Content.ReadAsStringAsync()}");
        await Eventually.TrueAsync(
            async () => (await staff.Api.GetFromJsonAsync<JsonElement>($"/api/ordering/vendors/{staff.VendorId}/payment-options")).GetProperty("acceptsCard").GetBoolean(),
            Wait,
            "Ordering to accept cards for the vendor");

        var listing = await staff.ListGoodAsync(title, cents: cents, credits: null, stock: 5);
        await Eventually.TrueAsync(
            async () =>
            {
                await using var scope = Factory.Services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<OrderingDbContext>().Listings.AsNoTracking().AnyAsync(l => l.ListingId == listing && l.Status == "Published");
            },
            Wait,
            "Ordering's copy of the listing");
        return (staff, listing);
    }

    /// <summary>
    /// An event of <paramref name="type"/> around <paramref name="dataObject"/>, built and signed as Stripe does, POSTed
    /// to the marketplace's webhook over HTTP like Stripe's own delivery.
    /// </summary>
    public async Task<HttpResponseMessage> PostWebhookAsync(string type, System.Text.Json.Nodes.JsonObject dataObject)
    {
        var payload = StripeEvents.Build($"evt_{Guid.NewGuid():N}", type, dataObject, DateTimeOffset.UtcNow);
        using var client = CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/payments/stripe/webhook", UriKind.Relative))
        {
            Content = new StringContent(payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeEvents.Sign(payload, DateTimeOffset.UtcNow));
        return await client.SendAsync(request);
    }

    /// <summary>The fake server stops after the marketplace that calls it.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Stripe.Dispose();
    }
}
