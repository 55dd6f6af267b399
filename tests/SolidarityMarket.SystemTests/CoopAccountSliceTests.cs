using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Messaging;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests;

/// <summary>
/// The thin slice through the backbone, in one process: registering a co-op in Catalog publishes an event through
/// the outbox; Ledger opens the co-op's credit account from it and Ordering copies the vendor.
/// </summary>
public sealed class CoopAccountSliceTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly MarketplaceFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Registering_a_coop_opens_its_credit_account_that_only_its_staff_and_admins_can_read()
    {
        var (staff, _) = await _factory.SignInAsNewUserAsync(Roles.Vendor);
        var (stranger, _) = await _factory.SignInAsNewUserAsync(Roles.Member);
        var (admin, _) = await _factory.SignInAsNewUserAsync(Roles.Admin);

        var registered = await staff.PostAsJsonAsync("/api/catalog/vendors", new
        {
            name = "Riverside Bakers' Co-op",
            description = "Worker-owned bakery",
            category = "SolidarityEconomyInitiative",
            sector = "food",
            region = "North",
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var vendor = (await registered.Content.ReadFromJsonAsync<VendorView>())!;

        var account = await Eventually.GetAsync(
            async () => (await staff.GetFromJsonAsync<List<AccountView>>($"/api/ledger/accounts?ownerId={vendor.Id}"))!.SingleOrDefault(),
            Timeout, "the co-op's credit account");

        var read = await staff.GetFromJsonAsync<AccountView>($"/api/ledger/accounts/{account.Id}");
        Assert.Equal(vendor.Id, read!.OwnerId);
        Assert.Equal("food", read.ExchangeId);
        Assert.Equal("Member", read.Kind);
        Assert.Equal(0, read.Balance);
        Assert.Equal(0, read.DebitLimit); // self-registered: no debit until an administrator grants it
        Assert.Equal(200_000, read.CreditLimit);
        Assert.Equal(read.DebitLimit, read.AvailableToSpend);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/ledger/accounts/{account.Id}")).StatusCode);
        Assert.Empty((await stranger.GetFromJsonAsync<List<AccountView>>($"/api/ledger/accounts?ownerId={vendor.Id}"))!);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/ledger/accounts/{account.Id}")).StatusCode);

        var options = await Eventually.GetAsync(
            async () =>
            {
                var response = await staff.GetAsync($"/api/ordering/vendors/{vendor.Id}/payment-options");
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<PaymentOptionsView>() : null;
            },
            Timeout, "Ordering's copy of the vendor");
        Assert.False(options.AcceptsCard, "a vendor without a certificate never takes card payments");

        // The in-memory bus's delivery tracking expects VendorRegistered at each endpoint consuming it (Ledger's and
        // Ordering's): once both consumed it nothing stays pending. A receiver count too high would hold the
        // watermark back for ever (every restart re-sending everything since).
        var deliveries = _factory.Services.GetRequiredService<InMemoryDeliveries>();
        await Eventually.TrueAsync(() => Task.FromResult(deliveries.PendingCount == 0), Timeout, "no in-memory delivery left pending");
    }

    [Fact]
    public async Task Only_an_administrator_may_register_a_coop_on_behalf_of_other_users()
    {
        var (member, _) = await _factory.SignInAsNewUserAsync(Roles.Member);

        var response = await member.PostAsJsonAsync("/api/catalog/vendors", new
        {
            name = "Hijacked Co-op",
            category = "Individual",
            sector = "care",
            staffUserIds = new[] { "someone-else" },
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
