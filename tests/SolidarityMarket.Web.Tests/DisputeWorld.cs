using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Web.Tests;

/// <summary>A credits order its buyer disputed, set up through the APIs, and who bought it.</summary>
public sealed record DisputedOrder(Guid OrderId, VendorStaff Staff, MarketWorld.Member Buyer);

/// <summary>What the dispute-page tests set up through the public APIs.</summary>
internal static class DisputeWorld
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A new co-op sells one good (6.00 credits) to <paramref name="buyer"/> (a new member if none), paid with credits (a
    /// ledger hold), fulfilled by the staff, then disputed by the buyer with <paramref name="reason"/>.
    /// </summary>
    public static async Task<DisputedOrder> DisputedCreditsOrderAsync(this MarketWorld world, string vendorName, string reason, MarketWorld.Member? buyer = null)
    {
        var staff = await world.NewVendorStaffAsync(vendorName);
        var listing = await staff.ListGoodAsync($"{vendorName} loaf", cents: null, credits: 600);
        await world.WaitUntilOrderingSellsAsync(listing);
        buyer ??= await world.NewMemberAsync();
        return await world.DisputedCreditsOrderAsync(staff, listing, buyer, reason);
    }

    /// <summary>
    /// <paramref name="buyer"/> buys one of the staff's published credits <paramref name="listing"/> (Ordering already
    /// sells it), the staff fulfil it, and the buyer disputes it with <paramref name="reason"/>: many disputes from one
    /// co-op, without a new co-op each.
    /// </summary>
    public static async Task<DisputedOrder> DisputedCreditsOrderAsync(this MarketWorld world, VendorStaff staff, Guid listing, MarketWorld.Member buyer, string reason)
    {
        using var client = await world.Factory.SignInAsync(buyer.Email, MarketplaceFactory.Password);
        var checkout = await client.PostAsJsonAsync("/api/ordering/checkouts", new
        {
            idempotencyKey = $"dispute-pages-{Guid.NewGuid():N}",
            lines = new[] { new { listingId = listing, quantity = 1 } },
            payments = new[] { new { vendorId = staff.VendorId, method = "credits", payerAccountId = buyer.AccountId } },
        });
        var text = await checkout.Content.ReadAsStringAsync();
        Assert.True(checkout.StatusCode == HttpStatusCode.Created, $"checkout: {(int)checkout.StatusCode} {text}");
        var orderId = JsonDocument.Parse(text).RootElement.GetProperty("orders")[0].GetProperty("id").GetGuid();
        await Eventually.TrueAsync(async () => await world.OrderStatusAsync(orderId) == "Paid", Wait, $"order {orderId} to be paid");

        var fulfilled = await staff.Api.PostAsync(new Uri($"/api/ordering/orders/{orderId}/fulfil", UriKind.Relative), null);
        Assert.True(fulfilled.IsSuccessStatusCode, $"fulfil: {(int)fulfilled.StatusCode} {await fulfilled.Content.ReadAsStringAsync()}");
        var disputed = await client.PostAsJsonAsync($"/api/ordering/orders/{orderId}/dispute", new { reason });
        Assert.True(disputed.IsSuccessStatusCode, $"dispute: {(int)disputed.StatusCode} {await disputed.Content.ReadAsStringAsync()}");
        return new DisputedOrder(orderId, staff, buyer);
    }

    /// <summary>A new administrator who also holds a food account (Individual), so may buy — and then may not decide their own dispute.</summary>
    public static async Task<MarketWorld.Member> NewAdministratorWhoBuysAsync(this MarketWorld world)
    {
        var (email, userId) = await world.Factory.CreateUserAsync("Admin");
        using var admin = await world.AdminAsync();
        var opened = await admin.PostAsJsonAsync("/api/ledger/accounts", new
        {
            exchangeId = "food", ownerId = Guid.NewGuid(), category = "Individual", holderUserIds = new[] { userId }, name = $"{email} (food)",
        });
        var text = await opened.Content.ReadAsStringAsync();
        Assert.True(opened.IsSuccessStatusCode, $"open account: {(int)opened.StatusCode} {text}");
        return new MarketWorld.Member(email, userId, JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid());
    }

    /// <summary>The order as the (seeded) administrator reads it through the Ordering API, its history included.</summary>
    public static async Task<JsonElement> OrderAsync(this MarketWorld world, Guid orderId)
    {
        using var admin = await world.AdminAsync();
        using var order = JsonDocument.Parse(await admin.GetStringAsync(new Uri($"/api/ordering/orders/{orderId}", UriKind.Relative)));
        return order.RootElement.Clone();
    }

    /// <summary>
    /// Marks the order as the ledger's refusal to settle it would (<c>CreditSettlementRejected</c> sets these two). Written
    /// in Ordering's database: in this world no hold outlives its order, so the ledger never refuses on its own.
    /// </summary>
    public static async Task RecordSettlementProblemAsync(this MarketWorld world, Guid orderId, string problem)
    {
        await using var scope = world.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var order = await db.Orders.SingleAsync(o => o.Id == orderId);
        (order.SettlementProblem, order.SettlementProblemAt) = (problem, DateTimeOffset.UtcNow);
        order.Version++;
        await db.SaveChangesAsync();
    }
}
