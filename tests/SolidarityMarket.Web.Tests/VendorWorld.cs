using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Testing;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>A vendor's staff member: signs in with <see cref="Email"/>, and <see cref="Api"/> is their bearer client for set-up.</summary>
public sealed record VendorStaff(string Email, string UserId, Guid VendorId, HttpClient Api);

/// <summary>What the vendor-page tests set up through the public APIs: co-ops with staff, listings, a paid order.</summary>
public static class VendorWorld
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>A new user who registers a vendor (so is its staff) in <paramref name="sector"/>.</summary>
    public static async Task<VendorStaff> NewVendorStaffAsync(this MarketWorld world, string name, string sector = "food")
    {
        var (email, userId) = await world.Factory.CreateUserAsync();
        var api = await world.Factory.SignInAsync(email, MarketplaceFactory.Password);
        var response = await api.PostAsJsonAsync("/api/catalog/vendors", new { name, description = $"{name}, worker-owned.", category = "SolidarityEconomyInitiative", sector, region = "East" });
        return new VendorStaff(email, userId, await IdAsync(response, HttpStatusCode.Created), api);
    }

    /// <summary>A good listed by the staff's vendor through the API: a draft, or published.</summary>
    public static async Task<Guid> ListGoodAsync(this VendorStaff staff, string title, long? cents = 650, long? credits = 600, int stock = 10, bool publish = true)
    {
        var id = await IdAsync(await staff.Api.PostAsJsonAsync($"/api/catalog/vendors/{staff.VendorId}/listings", new
        {
            title, description = $"{title}, grown by the co-op.", kind = "Good", sector = "food", category = "produce", unit = "kg", priceCents = cents, priceCredits = credits, stock,
        }), HttpStatusCode.Created);
        if (publish)
        {
            var published = await staff.Api.PostAsync(new Uri($"/api/catalog/listings/{id}/publish", UriKind.Relative), null);
            Assert.True(published.IsSuccessStatusCode, $"publish: {(int)published.StatusCode} {await published.Content.ReadAsStringAsync()}");
        }

        return id;
    }

    /// <summary>A listing as the administrator reads it through the Catalog API (any status).</summary>
    public static async Task<JsonElement> ListingAsync(this MarketWorld world, Guid id)
    {
        using var admin = await world.AdminAsync();
        using var listing = JsonDocument.Parse(await admin.GetStringAsync(new Uri($"/api/catalog/listings/{id}", UriKind.Relative)));
        return listing.RootElement.Clone();
    }

    /// <summary>The vendor's listings in every status, read by the administrator.</summary>
    public static async Task<List<JsonElement>> VendorListingsAsync(this MarketWorld world, Guid vendorId)
    {
        using var admin = await world.AdminAsync();
        using var listings = JsonDocument.Parse(await admin.GetStringAsync(new Uri($"/api/catalog/vendors/{vendorId}/listings", UriKind.Relative)));
        return [.. listings.RootElement.EnumerateArray().Select(l => l.Clone())];
    }

    /// <summary>A new browser context signed in as <paramref name="email"/>, on <paramref name="path"/>.</summary>
    public static async Task<IPage> SignedInPageAsync(this MarketWorld world, string email, string path)
    {
        var page = await world.NewPageAsync();
        await page.GotoAsync(path);
        await MemberPages.SignInAsync(page, email);
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"));
        return page;
    }

    /// <summary>
    /// A new member (an Individual food account, 200.00 credits below zero allowed) buys <paramref name="quantity"/> of
    /// the published listing with credits through <c>POST /api/ordering/checkouts</c>; returns the order once Paid.
    /// Waits first for Ordering's copies (built from Catalog's and Ledger's events) that a checkout reads.
    /// </summary>
    public static async Task<Guid> PaidCreditsOrderAsync(this MarketWorld world, VendorStaff staff, Guid listingId, int quantity)
    {
        await Eventually.TrueAsync(
            () => WithOrderingAsync(world, async db =>
                await db.Listings.AsNoTracking().AnyAsync(l => l.ListingId == listingId && l.Status == "Published")
                && await db.Vendors.AsNoTracking().AnyAsync(v => v.VendorId == staff.VendorId && v.StaffUserIds.Contains(staff.UserId))
                && await db.CreditAccounts.AsNoTracking().AnyAsync(a => a.OwnerId == staff.VendorId)),
            Wait, "Ordering's copies of the listing and of the vendor with its credit account");

        var buyer = await world.NewMemberAsync();
        using var client = await world.Factory.SignInAsync(buyer.Email, MarketplaceFactory.Password);
        var checkout = await client.PostAsJsonAsync("/api/ordering/checkouts", new
        {
            idempotencyKey = $"vendor-pages-{Guid.NewGuid():N}",
            lines = new[] { new { listingId, quantity } },
            payments = new[] { new { vendorId = staff.VendorId, method = "credits", payerAccountId = buyer.AccountId } },
        });
        var text = await checkout.Content.ReadAsStringAsync();
        Assert.True(checkout.StatusCode == HttpStatusCode.Created, $"checkout: {(int)checkout.StatusCode} {text}");
        var orderId = JsonDocument.Parse(text).RootElement.GetProperty("orders")[0].GetProperty("id").GetGuid();
        await Eventually.TrueAsync(async () => await world.OrderStatusAsync(orderId) == "Paid", Wait, $"order {orderId} to be paid");
        return orderId;
    }

    /// <summary>An order's status as the administrator reads it through the Ordering API.</summary>
    public static async Task<string?> OrderStatusAsync(this MarketWorld world, Guid orderId)
    {
        using var admin = await world.AdminAsync();
        using var order = JsonDocument.Parse(await admin.GetStringAsync(new Uri($"/api/ordering/orders/{orderId}", UriKind.Relative)));
        return order.RootElement.GetProperty("status").GetString();
    }

    private static async Task<T> WithOrderingAsync<T>(MarketWorld world, Func<OrderingDbContext, Task<T>> work)
    {
        await using var scope = world.Factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<OrderingDbContext>());
    }

    private static async Task<Guid> IdAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }
}
