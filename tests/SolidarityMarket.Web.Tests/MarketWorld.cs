using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// The embedded marketplace (all modules, the UI included: SQLite, in-memory bus) on real Kestrel on a loopback
/// port, seeded through the public APIs with known listings: a certified bakery (three "sourdough" listings) and an
/// uncertified maker (a "sourdough" basket paid in credits only, and a jar whose title is markup). The UI pages at
/// most three results, so the four "sourdough" listings take two pages. The browser starts on first use.
/// </summary>
public class MarketWorld : IAsyncLifetime
{
    public const int PageSize = 3;
    public const string ScriptTitle = "<script>window.xssRan = true; alert('xss')</script> Ceramic jar";
    public const string ScriptDescription = "<img src=x onerror=\"window.xssRan = true\"> Glazed <b>by hand</b>.";

    private readonly MarketplaceFactory _factory;
    private readonly int _port;
    private (IPlaywright Playwright, IBrowser Browser)? _chromium;
    private string? _adminEmail;

    public MarketWorld()
        : this([])
    {
    }

    /// <summary>
    /// The same world with more settings of the host's, services replacing its own (a clock), on
    /// <paramref name="port"/> (0: any free one) — a world whose settings must name its own address picks the port first.
    /// </summary>
    protected MarketWorld(Dictionary<string, string?> settings, Action<IServiceCollection>? services = null, int port = 0)
    {
        _port = port;
        settings["Web:PageSize"] = PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _factory = new(settings, services: services);
    }

    /// <summary>
    /// An administrator's API client with a token signed in just now (a world may make tokens short-lived), for
    /// setting up and checking what the pages did.
    /// </summary>
    public Task<HttpClient> AdminAsync() => _factory.SignInAsync(AdminEmail, MarketplaceFactory.Password);

    /// <summary>The host, for test set-up helpers in other files (users, API clients).</summary>
    public MarketplaceFactory Factory => _factory;

    /// <summary>The administrator's e-mail (password <see cref="MarketplaceFactory.Password"/>).</summary>
    public string AdminEmail => _adminEmail ?? throw new InvalidOperationException("The world is not seeded yet.");

    /// <summary>A member who signs in with <see cref="Email"/> and <see cref="MarketplaceFactory.Password"/>, holding one account.</summary>
    public sealed record Member(string Email, string UserId, Guid AccountId);

    public Uri Address { get; private set; } = null!;

    /// <summary>Listing ids by title.</summary>
    public Dictionary<string, Guid> Listings { get; } = [];

    public static readonly string[] SourdoughTitles = ["Rye sourdough loaf", "Spelt sourdough loaf", "Sourdough baking workshop", "Sourdough proofing basket"];

    public async ValueTask InitializeAsync()
    {
        Address = StartOnKestrel(_factory, _port);
        await SeedAsync();
    }

    /// <summary>Starts <paramref name="factory"/>'s host on real Kestrel on a loopback port (0: a free one); its address.</summary>
    public static Uri StartOnKestrel(MarketplaceFactory factory, int port = 0)
    {
        factory.UseKestrel(port);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(ApiAddress.Loopback(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal))));
    }

    /// <summary>A new page in its own browser context (no shared cookies), JavaScript on or off.</summary>
    public async Task<IPage> NewPageAsync(bool javaScript = false)
    {
        Chromium.Require();
        _chromium ??= await Chromium.LaunchAsync();
        var context = await _chromium.Value.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Address.ToString(), JavaScriptEnabled = javaScript });
        BrowserContextsPerTest.CloseWithCurrentTest(context);
        // Generous limits that only bound a hung page: on a loaded shared machine a page can take seconds, and a test
        // must not fail on timing (Expect's own default is 5 s).
        context.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(60_000);
        return await context.NewPageAsync();
    }

    public HttpClient CreateClient() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Whether the world lists the bakery's and the makers' goods (the marketplace pages' tests need them).</summary>
    protected virtual bool SeedsListings => true;

    private async Task SeedAsync()
    {
        (_adminEmail, _) = await _factory.CreateUserAsync("Admin");
        if (!SeedsListings)
        {
            return;
        }

        using var admin = await AdminAsync();
        var (baker, _) = await _factory.SignInAsNewUserAsync();
        var (maker, _) = await _factory.SignInAsNewUserAsync();

        var bakery = await RegisterVendorAsync(baker, "Riverside Bakers' Co-op", "food", "North");
        await CertifyAsync(baker, admin, bakery);
        var makers = await RegisterVendorAsync(maker, "Hilltop Makers", "manufacturing", "South");

        await ListAsync(baker, bakery, Good("Rye sourdough loaf", "food", "bakery", "loaf", 650, 600, 10));
        await ListAsync(baker, bakery, Good("Spelt sourdough loaf", "food", "bakery", "loaf", 720, null, 5));
        await ListAsync(baker, bakery, new Dictionary<string, object?>
        {
            ["title"] = "Sourdough baking workshop", ["description"] = "Three hours at the bakery.", ["kind"] = "Service",
            ["sector"] = "food", ["category"] = "workshops", ["unit"] = "place", ["priceCents"] = 4500L, ["priceCredits"] = 4000L, ["capacity"] = 8,
        });
        await ListAsync(maker, makers, Good("Sourdough proofing basket", "manufacturing", "homeware", "basket", null, 1200, 3));
        await ListAsync(maker, makers, Good(ScriptTitle, "manufacturing", "ceramics", "jar", 1800, null, 2, ScriptDescription));

        // The world as the pages will see it, checked once through the API (approval and listing writes are synchronous).
        using var anonymous = CreateClient();
        using var certified = JsonDocument.Parse(await anonymous.GetStringAsync(new Uri("api/catalog/listings?q=sourdough&certified=true", UriKind.Relative)));
        Assert.Equal(3, certified.RootElement.GetProperty("total").GetInt32());
    }

    /// <summary>
    /// A new member with an account in <paramref name="exchange"/> opened by the administrator (category Individual: may
    /// go 200.00 credits below zero), as a co-op's account is opened for it.
    /// </summary>
    public async Task<Member> NewMemberAsync(string exchange = "food")
    {
        var (email, userId) = await _factory.CreateUserAsync();
        using var admin = await AdminAsync();
        var opened = await admin.PostAsJsonAsync("/api/ledger/accounts", new
        {
            exchangeId = exchange, ownerId = Guid.NewGuid(), category = "Individual", holderUserIds = new[] { userId }, name = $"{email} ({exchange})",
        });
        var text = await opened.Content.ReadAsStringAsync();
        Assert.True(opened.IsSuccessStatusCode, $"open account: {(int)opened.StatusCode} {text}");
        return new Member(email, userId, JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid());
    }

    /// <summary>An account's balance as the ledger has it (credit hundredths), read by the administrator.</summary>
    public async Task<long> BalanceAsync(Guid accountId)
    {
        using var admin = await AdminAsync();
        using var account = JsonDocument.Parse(await admin.GetStringAsync(new Uri($"/api/ledger/accounts/{accountId}", UriKind.Relative)));
        return account.RootElement.GetProperty("balance").GetInt64();
    }

    private static Dictionary<string, object?> Good(string title, string sector, string category, string unit, long? cents, long? credits, int stock, string? description = null) => new()
    {
        ["title"] = title, ["description"] = description ?? $"{title}, made by the co-op.", ["kind"] = "Good", ["sector"] = sector,
        ["category"] = category, ["unit"] = unit, ["priceCents"] = cents, ["priceCredits"] = credits, ["stock"] = stock,
    };

    private static async Task<Guid> RegisterVendorAsync(HttpClient staff, string name, string sector, string region)
    {
        var response = await staff.PostAsJsonAsync("/api/catalog/vendors", new { name, description = $"{name}, worker-owned.", category = "SolidarityEconomyInitiative", sector, region });
        return await IdAsync(response, HttpStatusCode.Created);
    }

    /// <summary>The vendor applies for the label with a full self-assessment and the administrator approves it.</summary>
    internal static async Task CertifyAsync(HttpClient staff, HttpClient admin, Guid vendorId)
    {
        static object Answer(string evidence) => new { evidence, links = new[] { "https://example.coop/evidence" } };
        var applied = await staff.PostAsJsonAsync($"/api/catalog/vendors/{vendorId}/certification/applications", new
        {
            democraticGovernance = Answer("One member, one vote at the monthly assembly."),
            workerOwnershipOrControl = Answer("All 14 workers are members."),
            fairPayRatio = Answer("Highest to lowest pay is 1.5 : 1."),
            environmentalPractice = Answer("Organic flour from local mills."),
            communityBenefit = Answer("10% of surplus funds the food bank."),
        });
        var application = await IdAsync(applied, HttpStatusCode.Created);
        var approved = await admin.PostAsJsonAsync($"/api/catalog/certification/applications/{application}/approve", new { notes = "Evidence checked." });
        Assert.True(approved.IsSuccessStatusCode, $"approve: {(int)approved.StatusCode} {await approved.Content.ReadAsStringAsync()}");
    }

    private async Task ListAsync(HttpClient staff, Guid vendorId, Dictionary<string, object?> listing)
    {
        var id = await IdAsync(await staff.PostAsJsonAsync($"/api/catalog/vendors/{vendorId}/listings", listing), HttpStatusCode.Created);
        var published = await staff.PostAsync(new Uri($"/api/catalog/listings/{id}/publish", UriKind.Relative), null);
        Assert.True(published.IsSuccessStatusCode, $"publish: {(int)published.StatusCode} {await published.Content.ReadAsStringAsync()}");
        Listings[(string)listing["title"]!] = id;
    }

    private static async Task<Guid> IdAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>The browser, then the host; a world with more to stop overrides this and calls it first.</summary>
    public virtual async ValueTask DisposeAsync()
    {
        if (_chromium is { } chromium)
        {
            await BrowserContextsPerTest.ClosedAsync();
            await chromium.Browser.DisposeAsync();
            chromium.Playwright.Dispose();
        }

        await _factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
