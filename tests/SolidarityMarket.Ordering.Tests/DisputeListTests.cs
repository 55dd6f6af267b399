using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Ordering.Tests.OrderingWorld;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>
/// <c>GET /api/ordering/disputes</c>: the administrators' queue of open disputes, oldest first, with the buyer's reason.
/// Its own world, so the disputes listed are only this class's.
/// </summary>
public sealed class DisputeListTests(DisputeListTests.World world) : IClassFixture<DisputeListTests.World>
{
    public sealed class World : OrderingWorld;

    [Fact]
    public async Task Administrators_see_the_open_disputes_oldest_first_with_the_buyers_reason_paged()
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, "Quarrel Bakers");
        var listing = await world.CreateListingAsync(staff, vendorId, stock: 10);
        var buyer = await world.NewBuyerAsync();

        var first = await DisputedAsync(buyer, staff, vendorId, listing, "k-list-1", "Never arrived");
        var second = await DisputedAsync(buyer, staff, vendorId, listing, "k-list-2", "Burnt crust");
        var undisputed = await PaidAsync(buyer, vendorId, listing, "k-list-3");
        var resolved = await DisputedAsync(buyer, staff, vendorId, listing, "k-list-4", "Wrong loaf");
        Assert.Equal(HttpStatusCode.OK, (await world.Admin.PostAsJsonAsync($"/api/ordering/orders/{resolved}/resolve", new { outcome = "refunded", reason = "Agreed" })).StatusCode);

        var all = await world.Admin.GetFromJsonAsync<JsonElement>("/api/ordering/disputes");
        Assert.Equal(2, all.GetProperty("total").GetInt32());
        var items = all.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([first, second], items.Select(i => i.GetProperty("orderId").GetGuid()));
        var item = items[0];
        Assert.Equal(vendorId, item.GetProperty("vendorId").GetGuid());
        Assert.Equal("Quarrel Bakers", item.GetProperty("vendorName").GetString());
        Assert.Equal(buyer.UserId, item.GetProperty("buyerUserId").GetString());
        Assert.Equal("credits", item.GetProperty("paymentMethod").GetString());
        Assert.Equal(1_500, item.GetProperty("total").GetInt64());
        Assert.Equal("Never arrived", item.GetProperty("reason").GetString());
        Assert.Equal("Burnt crust", items[1].GetProperty("reason").GetString());
        Assert.NotEqual(JsonValueKind.Null, item.GetProperty("disputedAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, item.GetProperty("holdExpiresAt").ValueKind);
        Assert.DoesNotContain(items, i => i.GetProperty("orderId").GetGuid() == undisputed);

        var pageTwo = await world.Admin.GetFromJsonAsync<JsonElement>("/api/ordering/disputes?page=2&pageSize=1");
        Assert.Equal((2, 1, 2), (pageTwo.GetProperty("page").GetInt32(), pageTwo.GetProperty("pageSize").GetInt32(), pageTwo.GetProperty("total").GetInt32()));
        Assert.Equal(second, Assert.Single(pageTwo.GetProperty("items").EnumerateArray()).GetProperty("orderId").GetGuid());
        var pastTheEnd = await world.Admin.GetFromJsonAsync<JsonElement>($"/api/ordering/disputes?page={int.MaxValue}&pageSize=100");
        Assert.Empty(pastTheEnd.GetProperty("items").EnumerateArray());

        // A note written while the order stays Disputed (here a settlement problem, as the ledger's refusal records it)
        // goes into the history in status Disputed too; the reason listed stays the buyer's.
        await world.WithOrderingAsync(async db =>
        {
            var order = await db.Orders.SingleAsync(o => o.Id == second);
            await SettlementProblems.RecordAsync(db, order, "ledger", "the ledger refused to void the hold: account frozen", DateTimeOffset.UtcNow, default);
            return await db.SaveChangesAsync();
        });
        var noted = await world.Admin.GetFromJsonAsync<JsonElement>("/api/ordering/disputes");
        Assert.Equal(["Never arrived", "Burnt crust"], noted.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reason").GetString()));

        // The administrator reads the disputed order itself, its history with the buyer's reason.
        var order = await world.OrderAsync(world.Admin, first);
        var disputed = order.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("Disputed", "Never arrived", buyer.UserId), (disputed.GetProperty("status").GetString(), disputed.GetProperty("reason").GetString(), disputed.GetProperty("actor").GetString()));
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=101")]
    public async Task Bad_paging_is_a_validation_problem(string query)
    {
        var response = await world.Admin.GetAsync($"/api/ordering/disputes?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Members_may_not_list_disputes()
    {
        var (member, _) = await world.SignInAsync(Roles.Member);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/api/ordering/disputes")).StatusCode);
    }

    private async Task<Guid> PaidAsync(Buyer buyer, Guid vendorId, Guid listing, string key)
    {
        var response = await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout(key, [(listing, 1)], [Credits(vendorId, buyer.AccountId)]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var orderId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orders")[0].GetProperty("id").GetGuid();
        await world.OrderReachesAsync(orderId, "Paid");
        return orderId;
    }

    private async Task<Guid> DisputedAsync(Buyer buyer, HttpClient staff, Guid vendorId, Guid listing, string key, string reason)
    {
        var orderId = await PaidAsync(buyer, vendorId, listing, key);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/ordering/orders/{orderId}/fulfil", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await buyer.Client.PostAsJsonAsync($"/api/ordering/orders/{orderId}/dispute", new { reason })).StatusCode);
        return orderId;
    }
}
