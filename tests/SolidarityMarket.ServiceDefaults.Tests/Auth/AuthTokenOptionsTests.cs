using Microsoft.Extensions.Configuration;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.ServiceDefaults.Tests.Auth;

public sealed class AuthTokenOptionsTests
{
    [Fact]
    public void Defaults_are_10_minute_access_tokens_14_day_refresh_tokens_and_a_1_minute_user_check()
    {
        var options = AuthTokenOptions.From(new ConfigurationBuilder().Build());

        Assert.Equal(new AuthTokenOptions { AccessTokenLifetime = TimeSpan.FromMinutes(10), RefreshTokenLifetime = TimeSpan.FromDays(14), UserCheckInterval = TimeSpan.FromMinutes(1) }, options);
    }

    [Theory]
    [InlineData("AccessTokenLifetime", "00:00:00")]
    [InlineData("RefreshTokenLifetime", "00:05:00")]
    [InlineData("UserCheckInterval", "00:05:01")]
    [InlineData("UserCheckInterval", "-00:00:01")]
    public void A_setting_that_would_keep_revoked_users_in_or_nobody_in_is_refused_at_start(string setting, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"Auth:{setting}"] = value }).Build();

        var refused = Assert.Throws<InvalidOperationException>(() => AuthTokenOptions.From(configuration));
        Assert.Contains($"Auth:{setting}", refused.Message, StringComparison.Ordinal);
    }
}
