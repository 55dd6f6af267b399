using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SolidarityMarket.Testing;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// The checkout page's Stripe branch in Chromium with JavaScript ON (the UI's one script, ADR 0027): the marketplace
/// runs the Stripe gateway against the fake Stripe server (<see cref="StripeCheckoutWorld"/>), and Stripe.js, which
/// cannot be loaded here (no network to js.stripe.com), is replaced through Playwright's routing by
/// <see cref="StandInForStripeJs"/>. The tests check what the page hands to Stripe.js, then play Stripe's part: the
/// card accepted on the fake server and announced by a signed webhook, or the card declined.
/// </summary>
public sealed partial class StripeCheckoutPagesTests(StripeCheckoutWorld world) : IClassFixture<StripeCheckoutWorld>
{
    /// <summary>
    /// A STAND-IN for Stripe.js, not Stripe's code: just the calls the checkout page makes (<c>Stripe(pk)</c>,
    /// <c>elements({clientSecret})</c>, <c>create('payment')</c>, <c>mount</c>, <c>confirmPayment</c>), each recorded in
    /// <c>window.stripeStandIn</c>. <c>confirmPayment</c> stays pending, as while Stripe talks to the bank, until the
    /// test calls <c>stripeStandIn.settle(result)</c> with what Stripe.js would resolve: <c>{paymentIntent}</c> or
    /// <c>{error}</c>.
    /// </summary>
    private const string StandInForStripeJs = """
        // Stand-in for https://js.stripe.com/v3/ written by StripeCheckoutPagesTests: not Stripe's code.
        window.stripeStandIn = { mounted: [] };
        window.Stripe = function (publishableKey) {
          var seen = window.stripeStandIn;
          seen.publishableKey = publishableKey;
          return {
            elements: function (options) {
              seen.clientSecret = options.clientSecret;
              var elements = {
                create: function (type) {
                  return { mount: function (selector) {
                    seen.mounted.push({ type: type, selector: selector });
                    document.querySelector(selector).textContent = '[card form of the Stripe.js stand-in]';
                  } };
                }
              };
              seen.elements = elements;
              return elements;
            },
            confirmPayment: function (options) {
              return new Promise(function (resolve) {
                seen.confirmed = {
                  sameElements: options.elements === seen.elements,
                  returnUrl: options.confirmParams && options.confirmParams.return_url,
                  redirect: options.redirect
                };
                seen.settle = resolve;
              });
            }
          };
        };
        """;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_page_hands_Stripe_js_its_key_and_the_intents_secret_and_a_paid_intent_announced_by_webhook_ends_Paid()
    {
        var (staff, listing) = await world.CardVendorWithGoodAsync("Plum crate", cents: 1_400);
        using var staffApi = staff.Api;
        var (buyer, page, checkoutId) = await CardCheckoutInChromiumAsync(listing, "2");
        var intentId = await PaymentIdAsync(buyer.Email, checkoutId);
        var intent = world.Stripe.Get(intentId);
        Assert.Equal((checkoutId.ToString(), 2_800L), (intent["metadata"]!["checkout_id"]!.GetValue<string>(), intent["amount"]!.GetValue<long>()));

        var seen = await StandInAsync(page);
        Assert.Equal(StripeCheckoutWorld.PublishableKey, seen.GetProperty("publishableKey").GetString());
        Assert.Equal(intent["client_secret"]!.GetValue<string>(), seen.GetProperty("clientSecret").GetString());
        Assert.Equal("payment #payment-element", string.Join(", ", seen.GetProperty("mounted").EnumerateArray().Select(m => $"{m.GetProperty("type")} {m.GetProperty("selector")}")));

        await page.GetByRole(AriaRole.Button, new() { Name = "Pay $28.00" }).ClickAsync();

        var confirmed = await ConfirmedAsync(page);
        Assert.True(confirmed.GetProperty("sameElements").GetBoolean(), "confirmPayment was given the elements the form was mounted from");
        Assert.Equal(new Uri(world.Address, $"me/checkouts/{checkoutId}").ToString(), confirmed.GetProperty("returnUrl").GetString());
        Assert.Equal("if_required", confirmed.GetProperty("redirect").GetString());

        // Stripe's side: the card is charged, then Stripe.js resolves in the browser; the webhook is still on its way,
        // so the page says it is confirming (and keeps looking) rather than paid.
        world.Stripe.SucceedPayment(intentId);
        await page.EvaluateAsync("id => window.stripeStandIn.settle({ paymentIntent: { id: id, status: 'succeeded' } })", intentId);
        await Expect(page).ToHaveURLAsync(new Regex($"/me/checkouts/{checkoutId}\\?(wait=\\d+&)?payment_intent={intentId}$"));
        await Expect(page.Locator("section[data-stage]")).ToHaveAttributeAsync("data-stage", "Confirming");
        Assert.NotEqual("Succeeded", (await CheckoutAsync(buyer.Email, checkoutId)).GetProperty("card").GetProperty("status").GetString());

        var delivered = await world.PostWebhookAsync("payment_intent.succeeded", world.Stripe.Snapshot(intentId));
        Assert.True(delivered.IsSuccessStatusCode, $"webhook: {(int)delivered.StatusCode} {await delivered.Content.ReadAsStringAsync()}");

        // The page reloads itself (the Refresh header) until Ordering has the webhook's word.
        await Expect(page.Locator("section[data-stage]")).ToHaveAttributeAsync("data-stage", "Paid");
        await Expect(page.Locator("[data-field=amount]")).ToHaveTextAsync("$28.00");
        var checkout = await CheckoutAsync(buyer.Email, checkoutId);
        Assert.Equal(("Succeeded", 2_800L), (checkout.GetProperty("card").GetProperty("status").GetString(), checkout.GetProperty("card").GetProperty("amountCents").GetInt64()));
        await Eventually.TrueAsync(async () => (await CheckoutAsync(buyer.Email, checkoutId)).GetProperty("orders")[0].GetProperty("status").GetString() == "Paid", Wait, "the order Paid");
        Assert.Equal(3, (await world.ListingAsync(listing)).GetProperty("stock").GetInt32());
    }

    [Fact]
    public async Task A_card_Stripe_js_declines_shows_Stripes_message_on_the_page_and_nothing_is_paid()
    {
        var (staff, listing) = await world.CardVendorWithGoodAsync("Quince crate", cents: 900);
        using var staffApi = staff.Api;
        var (buyer, page, checkoutId) = await CardCheckoutInChromiumAsync(listing, "1");
        var before = page.Url;

        await page.GetByRole(AriaRole.Button, new() { Name = "Pay $9.00" }).ClickAsync();
        await ConfirmedAsync(page);
        await page.EvaluateAsync("() => window.stripeStandIn.settle({ error: { type: 'card_error', code: 'card_declined', message: 'Your card has insufficient funds.' } })");

        await Expect(page.Locator("#card-error")).ToHaveTextAsync("Your card has insufficient funds.");
        // The script stayed on the page (no payment_intent in the address): the buyer can try another card.
        Assert.Equal(before, page.Url);
        await Expect(page.Locator("section[data-stage]")).ToHaveAttributeAsync("data-stage", "ToPay");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pay $9.00" })).ToBeEnabledAsync();
        var checkout = await CheckoutAsync(buyer.Email, checkoutId);
        Assert.Equal(("RequiresPaymentMethod", "PaymentPending"), (checkout.GetProperty("card").GetProperty("status").GetString(), checkout.GetProperty("orders")[0].GetProperty("status").GetString()));
    }

    /// <summary>
    /// A new buyer in Chromium with JavaScript on and js.stripe.com routed to the stand-in orders the listing by card
    /// from the cart; returns once the checkout's page shows the (stand-in's) card form.
    /// </summary>
    private async Task<(MarketWorld.Member Buyer, IPage Page, Guid CheckoutId)> CardCheckoutInChromiumAsync(Guid listing, string quantity)
    {
        var buyer = await world.NewMemberAsync();
        var page = await world.NewPageAsync(javaScript: true);
        await page.RouteAsync("https://js.stripe.com/v3/**", route => route.FulfillAsync(new() { ContentType = "application/javascript", Body = StandInForStripeJs }));
        await MemberPages.GoAndSignInAsync(page, buyer.Email);
        await MemberPages.AddToCartAsync(page, listing, quantity);
        await page.GetByRole(AriaRole.Button, new() { Name = "Order and pay by card" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(CheckoutPage());
        var checkoutId = Guid.Parse(CheckoutPage().Match(page.Url).Groups[1].Value);
        await Expect(page.Locator("section[data-stage]")).ToHaveAttributeAsync("data-stage", "ToPay");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("SIMULATED");
        // The page's script has run to its end (the stand-in's form mounted): what it gave the stand-in is complete.
        await Expect(page.Locator("#payment-element")).ToHaveTextAsync("[card form of the Stripe.js stand-in]");
        return (buyer, page, checkoutId);
    }

    /// <summary>What the page gave the stand-in while loading.</summary>
    private static async Task<JsonElement> StandInAsync(IPage page) =>
        await page.EvaluateAsync<JsonElement>("() => ({ publishableKey: window.stripeStandIn.publishableKey, clientSecret: window.stripeStandIn.clientSecret, mounted: window.stripeStandIn.mounted })");

    /// <summary>What the page passed to <c>confirmPayment</c>, once it has called it (Playwright polls for the call).</summary>
    private static async Task<JsonElement> ConfirmedAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => window.stripeStandIn && window.stripeStandIn.confirmed !== undefined");
        return await page.EvaluateAsync<JsonElement>("() => window.stripeStandIn.confirmed");
    }

    private async Task<string> PaymentIdAsync(string email, Guid checkoutId) =>
        (await CheckoutAsync(email, checkoutId)).GetProperty("card").GetProperty("paymentId").GetString()!;

    private async Task<JsonElement> CheckoutAsync(string email, Guid id)
    {
        using var buyer = await world.Factory.SignInAsync(email, MarketplaceFactory.Password);
        return (await buyer.GetFromJsonAsync<JsonElement>($"/api/ordering/checkouts/{id}")).Clone();
    }

    [GeneratedRegex("/me/checkouts/([0-9a-f-]{36})(\\?.*)?$")]
    private static partial Regex CheckoutPage();
}
