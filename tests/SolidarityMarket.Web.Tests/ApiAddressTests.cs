namespace SolidarityMarket.Web.Tests;

/// <summary>The embedded UI calls the APIs on the host's own listening address; a wildcard host is not callable.</summary>
public sealed class ApiAddressTests
{
    [Theory]
    [InlineData("http://0.0.0.0:5080", "http://127.0.0.1:5080/")]
    [InlineData("http://+:5080", "http://127.0.0.1:5080/")]
    [InlineData("http://*:5080/", "http://127.0.0.1:5080/")]
    [InlineData("http://[::]:5080", "http://[::1]:5080/")]
    [InlineData("http://localhost:5080", "http://localhost:5080/")]
    [InlineData("https://127.0.0.1:7001", "https://127.0.0.1:7001/")]
    [InlineData("http://example.coop", "http://example.coop/")]
    public void A_listening_address_becomes_a_callable_base_address(string listening, string expected)
    {
        Assert.Equal(expected, ApiAddress.Loopback(listening));
    }
}
