using System.Net;
using Microsoft.Extensions.Configuration;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.ServiceDefaults.Tests.Auth;

public sealed class AuthRateLimitOptionsTests
{
    [Fact]
    public void Defaults_limit_an_address_to_30_a_minute_and_an_email_to_10_per_5_minutes()
    {
        var options = AuthRateLimitOptions.From(new ConfigurationBuilder().Build());

        Assert.Equal(new AuthRateLimitOptions { PerAddressPermitLimit = 30, PerAddressWindow = TimeSpan.FromMinutes(1), PerEmailPermitLimit = 10, PerEmailWindow = TimeSpan.FromMinutes(5) }, options);
    }

    [Theory]
    [InlineData("PerAddressPermitLimit", "0")]
    [InlineData("PerEmailPermitLimit", "-1")]
    [InlineData("PerAddressWindow", "00:00:00")]
    [InlineData("PerEmailWindow", "-00:01:00")]
    public void A_limit_that_would_refuse_everything_or_nothing_is_refused_at_start(string setting, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"Auth:RateLimit:{setting}"] = value }).Build();

        var refused = Assert.Throws<InvalidOperationException>(() => AuthRateLimitOptions.From(configuration));
        Assert.Contains($"Auth:RateLimit:{setting}", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("198.51.100.7", "198.51.100.7")]
    [InlineData("::ffff:198.51.100.7", "198.51.100.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void An_address_counts_as_itself_and_an_IPv6_one_by_its_64_prefix(string address, string key) =>
        Assert.Equal(key, ClientAddress.PartitionKey(IPAddress.Parse(address)));
}
