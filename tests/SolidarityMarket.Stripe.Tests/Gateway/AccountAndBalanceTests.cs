using SolidarityMarket.Ordering.Payments;

namespace SolidarityMarket.Stripe.Tests.Gateway;

/// <summary>Connected accounts, onboarding links and the balance history, through the real client against the fake server.</summary>
public sealed class AccountAndBalanceTests : IDisposable
{
    private readonly GatewayFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Create_account_sends_express_controller_properties_both_capabilities_vendor_metadata_and_key()
    {
        var vendor = Guid.NewGuid();

        var account = await _f.Gateway.CreateConnectedAccountAsync(
            new ConnectedAccountRequest(vendor, "coop@test.coop", "US", $"vendor-{vendor}-account"), CancellationToken.None);

        var sent = Assert.Single(_f.Stripe.RequestsTo("POST", "/v1/accounts"));
        Assert.Equal("express", sent.Form["controller[stripe_dashboard][type]"]);
        Assert.Equal("application", sent.Form["controller[fees][payer]"]);
        Assert.Equal("application", sent.Form["controller[losses][payments]"]);
        Assert.Equal("stripe", sent.Form["controller[requirement_collection]"]);
        Assert.Equal("true", sent.Form["capabilities[card_payments][requested]"]);
        Assert.Equal("true", sent.Form["capabilities[transfers][requested]"]);
        Assert.Equal(vendor.ToString(), sent.Form["metadata[vendor_id]"]);
        Assert.Equal("US", sent.Form["country"]);
        Assert.Equal("coop@test.coop", sent.Form["email"]);
        Assert.Equal($"vendor-{vendor}-account", sent.IdempotencyKey);
        Assert.StartsWith("acct_", account.AccountId, StringComparison.Ordinal);
        Assert.False(account.ChargesEnabled);
        Assert.False(account.PayoutsEnabled);
        Assert.Equal(vendor.ToString(), account.Metadata["vendor_id"]);
    }

    [Fact]
    public async Task Onboarding_link_is_an_account_onboarding_link_with_both_return_urls()
    {
        var account = await _f.Gateway.CreateConnectedAccountAsync(new ConnectedAccountRequest(Guid.NewGuid(), null, "US", "k-link"), CancellationToken.None);

        var link = await _f.Gateway.CreateOnboardingLinkAsync(
            account.AccountId, new Uri("https://market.test/vendor/stripe/refresh"), new Uri("https://market.test/vendor/stripe/done"), CancellationToken.None);

        var sent = Assert.Single(_f.Stripe.RequestsTo("POST", "/v1/account_links"));
        Assert.Equal(account.AccountId, sent.Form["account"]);
        Assert.Equal("account_onboarding", sent.Form["type"]);
        Assert.Equal("https://market.test/vendor/stripe/refresh", sent.Form["refresh_url"]);
        Assert.Equal("https://market.test/vendor/stripe/done", sent.Form["return_url"]);
        Assert.Contains(account.AccountId, link.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_account_reports_the_current_capabilities()
    {
        var created = await _f.Gateway.CreateConnectedAccountAsync(new ConnectedAccountRequest(Guid.NewGuid(), null, "US", "k-get"), CancellationToken.None);
        _f.Stripe.EnableAccount(created.AccountId, charges: true, payouts: false);

        var account = await _f.Gateway.GetConnectedAccountAsync(created.AccountId, CancellationToken.None);

        Assert.Equal(created.AccountId, account.AccountId);
        Assert.True(account.ChargesEnabled);
        Assert.False(account.PayoutsEnabled);
    }

    [Fact]
    public async Task Balance_transactions_of_the_period_are_listed_across_pages_and_nothing_outside_it()
    {
        var day = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        _f.Stripe.AddBalanceTransaction("charge", 10_000, 320, "ch_a", day.AddSeconds(-1));
        var inside = new[]
        {
            _f.Stripe.AddBalanceTransaction("charge", 10_000, 320, "ch_1", day),
            _f.Stripe.AddBalanceTransaction("transfer", -9_000, 0, "tr_1", day.AddHours(1)),
            _f.Stripe.AddBalanceTransaction("refund", -1_000, 0, "re_1", day.AddHours(2)),
            _f.Stripe.AddBalanceTransaction("transfer_refund", 900, 0, "trr_1", day.AddHours(3)),
            _f.Stripe.AddBalanceTransaction("payout", -500, 0, "po_1", day.AddHours(23)),
        };
        _f.Stripe.AddBalanceTransaction("charge", 10_000, 320, "ch_b", day.AddDays(1));

        var lines = new List<BalanceTransactionLine>();
        await foreach (var line in _f.Gateway.ListBalanceTransactionsAsync(day, day.AddDays(1), CancellationToken.None))
        {
            lines.Add(line);
        }

        Assert.Equal(inside.Order(StringComparer.Ordinal), lines.Select(l => l.Id).Order(StringComparer.Ordinal));
        var pages = _f.Stripe.RequestsTo("GET", "/v1/balance_transactions");
        Assert.Equal(3, pages.Count); // 5 lines, 2 per page
        Assert.All(pages, p => Assert.Equal(day.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), p.Form["created[gte]"]));
        Assert.Contains(pages, p => p.Form.ContainsKey("starting_after"));
        var charge = lines.Single(l => l.SourceId == "ch_1");
        Assert.Equal(("charge", 10_000L, 320L, day), (charge.Type, charge.AmountCents, charge.FeeCents, charge.Created));
        Assert.Equal(-9_000, lines.Single(l => l.SourceId == "tr_1").AmountCents);
    }
}
