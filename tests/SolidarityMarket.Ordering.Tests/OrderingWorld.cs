using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>
/// The three modules in one process (SQLite, in-memory bus) and helpers that set up what an order needs through
/// the real APIs: a co-op registered in Catalog (Ledger opens its credit account, Ordering copies it), listings,
/// a certificate, an onboarded (simulated) card account, buyers with ledger accounts.
/// </summary>
public class OrderingWorld : IAsyncLifetime
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, string?> _settings;
    private MarketplaceFactory _marketplace = null!;

    public OrderingWorld()
        : this(new Dictionary<string, string?> { ["Ordering:PlatformFeeBasisPoints"] = "1000" })
    {
    }

    protected OrderingWorld(Dictionary<string, string?> settings) => _settings = settings;

    /// <summary>The host tests talk to; a subclass may derive it (e.g. with a fake clock).</summary>
    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        foreach (var (key, value) in await MoreSettingsAsync())
        {
            _settings[key] = value;
        }

        _marketplace = new MarketplaceFactory(_settings);
        Factory = Customize(_marketplace);
        await InitializeClientsAsync();
    }

    /// <summary>Settings only known at start (e.g. a fresh database's connection string).</summary>
    protected virtual Task<Dictionary<string, string?>> MoreSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());

    protected virtual WebApplicationFactory<Program> Customize(MarketplaceFactory marketplace) => marketplace;

    private async ValueTask InitializeClientsAsync() => await RefreshAdminAsync();

    /// <summary>A new administrator client (tokens live an hour on the host's clock; a fake clock may outrun them).</summary>
    public async Task RefreshAdminAsync() => Admin = (await SignInAsync(Roles.Admin)).Client;

    public async ValueTask DisposeAsync()
    {
        // InitializeAsync may have failed before the hosts existed (e.g. no PostgreSQL): report that, not a null here.
        if (Factory is not null && !ReferenceEquals(Factory, _marketplace))
        {
            await Factory.DisposeAsync();
        }

        if (_marketplace is not null)
        {
            await _marketplace.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    public Task<(HttpClient Client, string UserId)> SignInAsync(string role) => MarketplaceFactory.SignInAsNewUserAsync(Factory, role);

    public async Task<T> WithOrderingAsync<T>(Func<OrderingDbContext, Task<T>> read)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<OrderingDbContext>());
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public IBus Bus => Factory.Services.GetRequiredService<IBus>();

    /// <summary>A co-op registered by <paramref name="staff"/>, once Ordering knows its staff and its credit account.</summary>
    public async Task<Guid> RegisterVendorAsync(HttpClient staff, string staffUserId, string name = "Riverside Bakers' Co-op")
    {
        var response = await staff.PostAsJsonAsync("/api/catalog/vendors", new { name, description = "Worker-owned bakery", category = "SolidarityEconomyInitiative", sector = "food", region = "North" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var vendorId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.TrueAsync(
            () => WithOrderingAsync(async db =>
                await db.Vendors.AsNoTracking().AnyAsync(v => v.VendorId == vendorId && v.StaffUserIds.Contains(staffUserId))
                && await db.CreditAccounts.AsNoTracking().AnyAsync(a => a.OwnerId == vendorId)),
            Wait, "Ordering's copy of the vendor with its credit account");
        return vendorId;
    }

    /// <summary>A published good in Catalog, and Ordering's copy of it (built from Catalog's ListingChanged events).</summary>
    public async Task<Guid> CreateListingAsync(HttpClient staff, Guid vendorId, int stock, long? priceCents = 2_000, long? priceCredits = 1_500, string title = "Sourdough loaf")
    {
        var created = await staff.PostAsJsonAsync($"/api/catalog/vendors/{vendorId}/listings", new { title, description = "Baked today", kind = "Good", sector = "food", category = "bakery", unit = "item", priceCents, priceCredits, stock });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var listingId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var published = await staff.PostAsync($"/api/catalog/listings/{listingId}/publish", null);
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());

        // Catalog's ListingChanged snapshot (through its outbox and the bus) builds Ordering's copy.
        await Eventually.TrueAsync(() => WithOrderingAsync(db => db.Listings.AsNoTracking().AnyAsync(l => l.ListingId == listingId && l.Status == "Published")), Wait, "Ordering's listing copy");
        return listingId;
    }

    /// <summary>Certifies the vendor in Catalog and onboards its (simulated) card account; waits until Ordering accepts cards for it.</summary>
    public async Task MakeCardReadyAsync(HttpClient staff, Guid vendorId)
    {
        var applied = await staff.PostAsJsonAsync($"/api/catalog/vendors/{vendorId}/certification/applications", FullAssessment());
        Assert.True(applied.StatusCode == HttpStatusCode.Created, await applied.Content.ReadAsStringAsync());
        var applicationId = (await applied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var approved = await Admin.PostAsJsonAsync($"/api/catalog/certification/applications/{applicationId}/approve", new { notes = "Evidence checked." });
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());

        var onboarding = await staff.PostAsync($"/api/ordering/vendors/{vendorId}/payment-account", null);
        Assert.True(onboarding.IsSuccessStatusCode, await onboarding.Content.ReadAsStringAsync());
        await Eventually.TrueAsync(async () =>
        {
            var options = await staff.GetFromJsonAsync<JsonElement>($"/api/ordering/vendors/{vendorId}/payment-options");
            return options.GetProperty("acceptsCard").GetBoolean();
        }, Wait, "Ordering to accept cards for the vendor");
    }

    /// <summary>
    /// A buyer with a member account in the food exchange: opened by the buyer (debit limit 0), then given the
    /// Individual category's limits by the administrator (audited), so it can pay with credits it has not earned.
    /// </summary>
    public async Task<Buyer> NewBuyerAsync()
    {
        var (client, userId) = await SignInAsync(Roles.Member);
        var opened = await client.PostAsJsonAsync("/api/ledger/accounts", new { exchangeId = "food" });
        Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync());
        var accountId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var granted = await Admin.PutAsJsonAsync($"/api/ledger/accounts/{accountId}/limits", new { debitLimit = 20_000, creditLimit = 40_000, reason = "test buyer" });
        Assert.True(granted.IsSuccessStatusCode, await granted.Content.ReadAsStringAsync());
        return new Buyer(client, userId, accountId);
    }

    public async Task<JsonElement> AccountAsync(Guid accountId) => await Admin.GetFromJsonAsync<JsonElement>($"/api/ledger/accounts/{accountId}");

    public async Task<JsonElement> OrderAsync(HttpClient client, Guid orderId) => await client.GetFromJsonAsync<JsonElement>($"/api/ordering/orders/{orderId}");

    /// <summary>Waits until the order reaches <paramref name="status"/>.</summary>
    public async Task<JsonElement> OrderReachesAsync(Guid orderId, string status) =>
        await Eventually.GetAsync<object>(
            async () =>
            {
                var order = await OrderAsync(Admin, orderId);
                return order.GetProperty("status").GetString() == status ? order : null;
            }, Wait, $"order {orderId} to be {status}") is JsonElement e ? e : default;

    public async Task<int?> CatalogStockAsync(Guid listingId) =>
        (await Admin.GetFromJsonAsync<JsonElement>($"/api/catalog/listings/{listingId}")).GetProperty("stock") is { ValueKind: JsonValueKind.Number } s ? s.GetInt32() : null;

    /// <summary>Outbox rows of Ordering sent to <paramref name="queue"/> about <paramref name="orderId"/>.</summary>
    public Task<int> SentAsync(string queue, Guid orderId) =>
        WithOrderingAsync(db => db.OutboxMessages.AsNoTracking().CountAsync(m => m.Destination == queue && m.Body.Contains(orderId.ToString())));

    public static object Checkout(string key, IEnumerable<(Guid Listing, int Quantity)> lines, IEnumerable<object> payments) =>
        new { idempotencyKey = key, lines = lines.Select(l => new { listingId = l.Listing, quantity = l.Quantity }), payments };

    public static object Credits(Guid vendorId, Guid payer) => new { vendorId, method = "credits", payerAccountId = payer };

    public static object Card(Guid vendorId) => new { vendorId, method = "card" };

    private static Dictionary<string, object?> FullAssessment() => new()
    {
        ["democraticGovernance"] = Answer("One member, one vote at the monthly assembly; the board is elected yearly.", "https://example.coop/statutes"),
        ["workerOwnershipOrControl"] = Answer("All 14 workers are members; 100% worker-owned.", "https://example.coop/members"),
        ["fairPayRatio"] = Answer("Highest to lowest pay is 1.5 : 1, set by the assembly.", "http://example.coop/pay"),
        ["environmentalPractice"] = Answer("Organic flour from local mills; delivery by cargo bike.", null),
        ["communityBenefit"] = Answer("10% of surplus funds the neighbourhood food bank.", "https://example.coop/annual-report"),
    };

    private static Dictionary<string, object?> Answer(string evidence, string? link) =>
        new() { ["evidence"] = evidence, ["links"] = link is null ? Array.Empty<string>() : new[] { link } };
}

public sealed record Buyer(HttpClient Client, string UserId, Guid AccountId);
