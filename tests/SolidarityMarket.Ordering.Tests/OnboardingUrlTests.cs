using SolidarityMarket.Testing;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>
/// The provider's return and refresh URLs of a vendor's card-payment onboarding: absolute http(s) URLs (Stripe's rule,
/// checked at start) in which <c>{vendorId}</c> names the vendor (docs/payments.md).
/// </summary>
public sealed class OnboardingUrlTests
{
    private static readonly OrderingOptionsValidator Validator = new();

    private static readonly Guid VendorId = Guid.Parse("0190b1c2-0000-7000-8000-000000000001");

    [Fact]
    public void The_defaults_point_at_the_vendors_card_payments_page()
    {
        var defaults = new OrderingOptions();

        Assert.Equal($"http://localhost:5000/me/vendors/{VendorId}/payments", OrderingOptions.ForVendor(defaults.OnboardingReturnUrl, VendorId).AbsoluteUri);
        Assert.Equal($"http://localhost:5000/me/vendors/{VendorId}/payments?refresh=1", OrderingOptions.ForVendor(defaults.OnboardingRefreshUrl, VendorId).AbsoluteUri);
        Assert.True(Validator.Validate(null, defaults).Succeeded);
    }

    [Theory]
    [InlineData("https://market.example.coop/me/vendors/{vendorId}/payments", "https://market.example.coop/me/vendors/{0}/payments")]
    [InlineData("https://market.example.coop/me/vendors/%7BvendorId%7D/payments", "https://market.example.coop/me/vendors/{0}/payments")]
    [InlineData("https://market.example.coop/back?vendor={vendorId}&x=1", "https://market.example.coop/back?vendor={0}&x=1")]
    [InlineData("https://market.example.coop/payments/done", "https://market.example.coop/payments/done")]
    public void The_placeholder_is_replaced_by_the_vendor_id_wherever_it_stands(string configured, string expected)
    {
        var url = OrderingOptions.ForVendor(new Uri(configured), VendorId);

        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, VendorId), url.AbsoluteUri);
    }

    [Theory]
    [InlineData("https://market.example.coop/back?vendor=v1&x=1", "https://market.example.coop/back?vendor=v1&x=1&simulated_account=sim_acct_1")]
    [InlineData("https://market.example.coop/me/vendors/v1/payments", "https://market.example.coop/me/vendors/v1/payments?simulated_account=sim_acct_1")]
    public async Task The_simulated_gateway_returns_at_once_keeping_the_return_urls_own_query(string returnUrl, string expected)
    {
        // The link needs neither the database nor the clock: no services are given.
        var gateway = new Payments.SimulatedCardGateway(null!, TimeProvider.System);

        var link = await gateway.CreateOnboardingLinkAsync("sim_acct_1", new Uri("https://market.example.coop/refresh"), new Uri(returnUrl), default);

        Assert.Equal(expected, link.AbsoluteUri);
    }

    [Theory]
    [InlineData("OnboardingReturnUrl", "/me/vendors/{vendorId}/payments")]
    [InlineData("OnboardingRefreshUrl", "ftp://market.example.coop/refresh")]
    public void A_relative_or_non_http_url_is_refused_at_start(string setting, string value)
    {
        var options = new OrderingOptions();
        var url = new Uri(value, UriKind.RelativeOrAbsolute);
        if (setting == "OnboardingReturnUrl")
        {
            options.OnboardingReturnUrl = url;
        }
        else
        {
            options.OnboardingRefreshUrl = url;
        }

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Ordering:{setting} must be an absolute http(s) URL", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_host_refuses_to_start_with_a_relative_return_url()
    {
        using var factory = new MarketplaceFactory(new() { ["Ordering:OnboardingReturnUrl"] = "/me/vendors/{vendorId}/payments" });

        var error = factory.StartupFailure();

        Assert.Contains("Ordering:OnboardingReturnUrl must be an absolute http(s) URL", error.ToString(), StringComparison.Ordinal);
    }
}
