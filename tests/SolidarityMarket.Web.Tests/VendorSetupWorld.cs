using System.Net.Http.Json;
using System.Text.Json;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// A marketplace of its own for the vendor set-up pages: Ordering's onboarding return and refresh URLs must name this
/// host's own address (the simulated card gateway sends the browser there), so the port is chosen before the host
/// starts (Kestrel listens on 127.0.0.1, the address the browser uses, so its cookies go along). No card provider is
/// configured: card payments are simulated.
/// </summary>
public sealed class VendorSetupWorld : MarketWorld
{
    public VendorSetupWorld()
        : this(HostExecutable.FreePort())
    {
    }

    private VendorSetupWorld(int port)
        : base(
            new()
            {
                ["Ordering:OnboardingReturnUrl"] = $"http://127.0.0.1:{port}/me/vendors/{{vendorId}}/payments",
                ["Ordering:OnboardingRefreshUrl"] = $"http://127.0.0.1:{port}/me/vendors/{{vendorId}}/payments?refresh=1",
            },
            port: port)
    {
    }

    protected override bool SeedsListings => false;

    /// <summary>The vendors the user is staff of, through <c>GET /api/catalog/my/vendors</c>.</summary>
    public async Task<List<JsonElement>> MyVendorsAsync(string email)
    {
        using var api = await Factory.SignInAsync(email, MarketplaceFactory.Password);
        using var vendors = JsonDocument.Parse(await api.GetStringAsync(new Uri("/api/catalog/my/vendors", UriKind.Relative)));
        return [.. vendors.RootElement.EnumerateArray().Select(v => v.Clone())];
    }

    /// <summary>Ordering's payment options of a vendor (any signed-in user may read them), or null while Ordering has not heard of it.</summary>
    public async Task<JsonElement?> PaymentOptionsAsync(Guid vendorId)
    {
        using var client = await AdminAsync();
        var response = await client.GetAsync(new Uri($"/api/ordering/vendors/{vendorId}/payment-options", UriKind.Relative));
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.True(response.IsSuccessStatusCode, $"payment-options: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }

    /// <summary>The ledger accounts owned by <paramref name="ownerId"/>, as the administrator reads them.</summary>
    public async Task<List<JsonElement>> AccountsOfAsync(Guid ownerId)
    {
        using var admin = await AdminAsync();
        using var accounts = JsonDocument.Parse(await admin.GetStringAsync(new Uri($"/api/ledger/accounts?ownerId={ownerId}", UriKind.Relative)));
        return [.. accounts.RootElement.EnumerateArray().Select(a => a.Clone())];
    }
}
