using System.Net;
using System.Net.Http.Json;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests;

/// <summary>
/// The distributed deployment: Catalog, Ordering and Ledger each in its own process of the host, over a real
/// RabbitMQ (a private node, a virtual host per test: <see cref="PrivateBroker"/>), on SQLite files or a real
/// PostgreSQL. A token issued by one process is accepted by the others, and the UI, in a fourth process, reads each
/// service at its own address (<c>Web:ServiceUrls</c>).
/// </summary>
public sealed class SeparateProcessesTests(PrivateBroker broker)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_coop_registered_in_the_catalog_process_gets_its_account_in_the_ledger_process_over_RabbitMQ(string provider)
    {
        var rabbit = await broker.NewVirtualHostAsync("processes");
        var storage = Directory.CreateTempSubdirectory("sm-processes-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = provider,
            ["Database:MigrateOnStartup"] = "false",
            ["Storage:Directory"] = storage,
            ["RabbitMq:Host"] = rabbit,
            ["Demo:Enabled"] = "false",
        };
        if (provider == "Postgres")
        {
            settings["ConnectionStrings:Default"] = await TestServers.RequirePostgresAsync("processes");
        }

        // The documented server procedure: migrate once, then start the services.
        await HostProcess.RunToCompletionAsync(settings, "migrate");
        await using var catalog = await HostProcess.StartAsync(With(settings, "Catalog"));
        await using var ordering = await HostProcess.StartAsync(With(settings, "Ordering"));
        await using var ledger = await HostProcess.StartAsync(With(settings, "Ledger"));

        var anonymous = catalog.CreateClient();
        var email = $"coop-{Guid.NewGuid():N}@test.coop";
        const string password = "Processes-pass-1!";
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/auth/register", new { email, password })).StatusCode);
        var token = await MarketplaceFactory.LoginAsync(anonymous, email, password);

        var registered = await catalog.CreateClient(token).PostAsJsonAsync("/api/catalog/vendors", new
        {
            name = "Harbour Care Collective",
            category = "NetworkOrAssociation",
            sector = "care",
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var vendor = (await registered.Content.ReadFromJsonAsync<VendorView>())!;

        // The token from the Catalog process is accepted by the Ledger process (shared key ring).
        var ledgerClient = ledger.CreateClient(token);
        var account = await Eventually.GetAsync(
            async () => (await ledgerClient.GetFromJsonAsync<List<AccountView>>($"/api/ledger/accounts?ownerId={vendor.Id}"))!.SingleOrDefault(),
            Timeout, $"the co-op's account in the Ledger process\n--- ledger output:\n{ledger.Output}");
        Assert.Equal("care", account.ExchangeId);
        Assert.Equal((0, 100_000), (account.DebitLimit, account.CreditLimit)); // self-registered: no debit limit yet

        var orderingClient = ordering.CreateClient(token);
        await Eventually.TrueAsync(
            async () => (await orderingClient.GetAsync($"/api/ordering/vendors/{vendor.Id}/payment-options")).StatusCode == HttpStatusCode.OK,
            Timeout, "Ordering's copy of the vendor");

        // The UI in a process of its own reads each service at that service's address (README's distributed start):
        // the member's accounts from the Ledger process, the vendor's card status from the Ordering process.
        var uiSettings = With(settings, "Web");
        (uiSettings["Web:ApiBaseUrl"], uiSettings["Web:ServiceUrls:Catalog"]) = (catalog.Address.ToString(), catalog.Address.ToString());
        (uiSettings["Web:ServiceUrls:Ordering"], uiSettings["Web:ServiceUrls:Ledger"]) = (ordering.Address.ToString(), ledger.Address.ToString());
        await using var ui = await HostProcess.StartAsync(uiSettings, "ui");
        using var browser = await UiSession.SignInAsync(ui.Address, email, password);
        var accounts = await browser.GetAsync("/me/accounts");
        var payments = await browser.GetAsync($"/me/vendors/{vendor.Id}/payments");
        var accountsPage = await accounts.Content.ReadAsStringAsync();
        Assert.True(accounts.StatusCode == HttpStatusCode.OK, $"{(int)accounts.StatusCode} {accountsPage}\n--- ui output:\n{ui.Output}");
        Assert.Contains(account.Id.ToString(), accountsPage, StringComparison.Ordinal);
        var paymentsPage = await payments.Content.ReadAsStringAsync();
        Assert.True(payments.StatusCode == HttpStatusCode.OK, $"{(int)payments.StatusCode} {paymentsPage}\n--- ui output:\n{ui.Output}");
        Assert.Contains("data-card-status", paymentsPage, StringComparison.Ordinal);

        // A process serves only its own modules.
        Assert.Equal(HttpStatusCode.NotFound, (await catalog.CreateClient(token).GetAsync("/api/ledger/accounts")).StatusCode);
    }

    private static Dictionary<string, string> With(Dictionary<string, string> settings, string module) =>
        new(settings) { ["Modules"] = module };
}
