namespace SolidarityMarket.Web.Tests;

/// <summary>
/// Which service answers each API call of the UI when the services run apart (<see cref="ServiceRouting"/>,
/// <c>Web:ServiceUrls</c>): the path decides, a service without an address of its own stays at the API base.
/// </summary>
public sealed class ServiceRoutingTests
{
    private static readonly Dictionary<string, Uri> Apart = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Catalog"] = new("http://catalog:5081/"),
        ["Ordering"] = new("http://ordering:5082"),
        ["Ledger"] = new("https://ledger.internal/market/"),
    };

    [Theory]
    [InlineData("http://gw/api/catalog/listings?q=rye", "http://catalog:5081/api/catalog/listings?q=rye")]
    [InlineData("http://gw/api/ordering/checkouts/5", "http://ordering:5082/api/ordering/checkouts/5")]
    [InlineData("http://gw/api/payments/stripe/webhook", "http://ordering:5082/api/payments/stripe/webhook")]
    [InlineData("http://gw/api/ledger/accounts/search?q=%C3%89cole", "https://ledger.internal/market/api/ledger/accounts/search?q=%C3%89cole")]
    [InlineData("http://gw/admin/messaging/ledger/failed?status=Failed", "https://ledger.internal/market/admin/messaging/ledger/failed?status=Failed")]
    [InlineData("http://gw/admin/messaging/catalog/outbox", "http://catalog:5081/admin/messaging/catalog/outbox")]
    public void Each_service_path_goes_to_its_service(string call, string expected)
    {
        var routed = ServiceRouting.Reroute(new Uri(call), new Uri("http://gw/"), Apart);

        Assert.Equal(expected, routed?.AbsoluteUri);
    }

    [Theory]
    [InlineData("http://gw/api/auth/login")]
    [InlineData("http://gw/api/auth/users?email=a%40b.coop")]
    [InlineData("http://gw/api/catalogue/listings")]
    [InlineData("http://gw/health/ready")]
    public void Sign_in_and_anything_else_stays_at_the_api_base(string call)
    {
        Assert.Null(ServiceRouting.Reroute(new Uri(call), new Uri("http://gw/"), Apart));
    }

    [Fact]
    public void A_service_without_an_address_of_its_own_stays_at_the_api_base()
    {
        var onlyLedger = new Dictionary<string, Uri> { ["Ledger"] = new("http://ledger:5083/") };

        Assert.Null(ServiceRouting.Reroute(new Uri("http://gw/api/catalog/listings"), new Uri("http://gw/"), onlyLedger));
        Assert.Equal("http://ledger:5083/api/ledger/accounts", ServiceRouting.Reroute(new Uri("http://gw/api/ledger/accounts"), new Uri("http://gw/"), onlyLedger)?.AbsoluteUri);
    }

    [Fact]
    public void An_api_base_with_a_path_of_its_own_is_taken_off_before_routing()
    {
        var routed = ServiceRouting.Reroute(new Uri("http://gw/market/api/ordering/orders"), new Uri("http://gw/market/"), Apart);

        Assert.Equal("http://ordering:5082/api/ordering/orders", routed?.AbsoluteUri);
    }
}
