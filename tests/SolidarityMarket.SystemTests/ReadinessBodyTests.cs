using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests;

/// <summary>
/// <c>/health/ready</c> is anonymous, so a failing check's exception shows only its type: its message can name
/// hosts, databases and user names (a PostgreSQL sign-in failure names the user, for one).
/// </summary>
public sealed class ReadinessBodyTests
{
    [Fact]
    public async Task A_failing_check_shows_its_exception_type_but_not_its_message()
    {
        await using var market = new MarketplaceFactory();
        var factory = market.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddHealthChecks().AddCheck(
            "probe",
            () => HealthCheckResult.Unhealthy(exception: new InvalidOperationException("db.internal:5432 user 'payments' password authentication failed")),
            tags: ["ready"])));

        var response = await factory.CreateClient().GetAsync("/health/ready");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("\"error\":\"InvalidOperationException\"", body);
        Assert.DoesNotContain("db.internal", body);
        Assert.DoesNotContain("payments", body);
    }
}
