using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests;

/// <summary>
/// Administrators set credit limits (domain.md): a vendor a member registers for itself opens a ledger account that
/// may receive credits but not go below zero, however many vendors the member registers; one an administrator
/// registers gets its membership category's default debit limit.
/// </summary>
public sealed class VendorDebitLimitTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const long ThousandCredits = 100_000; // credit hundredths: the category's default debit limit
    private readonly MarketplaceFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Self_registered_vendors_cannot_spend_below_zero_until_an_administrator_grants_a_limit()
    {
        var (member, _) = await _factory.SignInAsNewUserAsync(Roles.Member);
        var (admin, _) = await _factory.SignInAsNewUserAsync(Roles.Admin);
        var first = await RegisterAndOpenAsync(member, "Self-made Bakers");
        var second = await RegisterAndOpenAsync(member, "Self-made Bakers Again");
        var vetted = await RegisterAndOpenAsync(admin, "Vetted Bakers");

        Assert.Equal((0, 200_000), (first.DebitLimit, first.CreditLimit));
        Assert.Equal((0, 200_000), (second.DebitLimit, second.CreditLimit));
        Assert.Equal((ThousandCredits, 200_000), (vetted.DebitLimit, vetted.CreditLimit));

        foreach (var own in new[] { first, second })
        {
            var refused = await PayAsync(member, own, vetted);
            var text = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.UnprocessableEntity, $"expected 422, got {(int)refused.StatusCode}: {text}");
            Assert.Equal("ExceedsDebitLimit", JsonDocument.Parse(text).RootElement.GetProperty("reason").GetString());
        }

        var accepted = await PayAsync(admin, vetted, first);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);

        // The existing, audited way to vet a self-registered vendor.
        var granted = await admin.PutAsJsonAsync($"/api/ledger/accounts/{second.Id}/limits", new { debitLimit = ThousandCredits, creditLimit = 200_000, reason = "Vetted by the board" });
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PayAsync(member, second, vetted)).StatusCode);
    }

    private static Task<HttpResponseMessage> PayAsync(HttpClient payer, AccountView from, AccountView to) =>
        payer.PostAsJsonAsync("/api/ledger/transfers", new { id = Guid.NewGuid(), debitAccountId = from.Id, creditAccountId = to.Id, amount = ThousandCredits, memo = "bread" });

    private static async Task<AccountView> RegisterAndOpenAsync(HttpClient staff, string name)
    {
        var registered = await staff.PostAsJsonAsync("/api/catalog/vendors", new { name, category = "SolidarityEconomyInitiative", sector = "food" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var vendor = (await registered.Content.ReadFromJsonAsync<VendorView>())!;
        return await Eventually.GetAsync(
            async () => (await staff.GetFromJsonAsync<List<AccountView>>($"/api/ledger/accounts?ownerId={vendor.Id}"))!.SingleOrDefault(),
            Timeout, $"{name}'s credit account");
    }
}
