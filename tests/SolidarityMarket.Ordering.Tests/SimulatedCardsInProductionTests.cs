using SolidarityMarket.Testing;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>
/// Without Stripe keys card payments are simulated and a buyer approves their own payment: a Production system must
/// not run like that by accident.
/// </summary>
public sealed class SimulatedCardsInProductionTests
{
    [Fact]
    public void Production_without_Stripe_keys_refuses_to_start()
    {
        using var factory = new MarketplaceFactory(environment: "Production");

        var error = factory.StartupFailure();

        Assert.Contains("simulated card payments refuse to start in the Production environment", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_starts_with_simulated_cards_only_when_an_operator_allows_them()
    {
        using var factory = new MarketplaceFactory(new() { ["Payments:AllowSimulatedCards"] = "true" }, environment: "Production");
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccessStatusCode, $"health/live answered {(int)response.StatusCode}");
    }
}
