using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ledger.Jobs;
using SolidarityMarket.Ordering.Jobs;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ordering.Tests.OrderingWorld;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>
/// Credit holds against the order lifecycle's deadlines, end to end in one process (Catalog, Ordering, Ledger) on a
/// fake clock shared by all three: the hold Ordering asks for outlives the longest lifecycle, Ordering settles or
/// cancels orders before their hold can expire, and what slips through anyway (a dispute left too long) is on the
/// administrators' attention list rather than only in a history line. Defaults: unpaid 30 min, fulfilment 14 days,
/// auto-complete 14 days, disputes 7 days, margin 2 days, hold 45 days. The tests share one host and its clock, so
/// they check their own order's outcome, never how many orders a job run changed.
/// </summary>
public sealed class CreditHoldDeadlineTests(FakeClockWorld world) : IClassFixture<FakeClockWorld>
{
    private static readonly TimeSpan HoldTimeout = TimeSpan.FromDays(45);

    [Fact]
    public async Task A_credit_hold_is_placed_with_Orderings_configured_timeout_and_the_order_keeps_its_expiry()
    {
        var (_, _, vendorId, listing) = await VendorWithListingAsync("Timely Bakers");
        var buyer = await world.NewBuyerAsync();
        var orderId = await PaidCreditOrderAsync(buyer, vendorId, listing, "k-hold-timeout");

        var expiresAt = await world.WithOrderingAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.HoldExpiresAt).SingleAsync());
        Assert.NotNull(expiresAt);
        Assert.InRange(expiresAt.Value, world.Clock.GetUtcNow() + HoldTimeout - TimeSpan.FromSeconds(1), world.Clock.GetUtcNow() + HoldTimeout + TimeSpan.FromSeconds(1));
        var hold = await world.WithOrderingAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Destination == "ledger-hold-credits" && m.Body.Contains(orderId.ToString())).Select(m => m.Body).SingleAsync());
        Assert.Equal((long)HoldTimeout.TotalSeconds, JsonDocument.Parse(hold).RootElement.GetProperty("timeoutSeconds").GetInt64());
    }

    [Fact]
    public async Task A_paid_credits_order_not_fulfilled_by_the_deadline_is_cancelled_its_hold_voided_and_its_stock_released()
    {
        var (_, _, vendorId, listing) = await VendorWithListingAsync("Forgetful Bakers", stock: 5);
        var buyer = await world.NewBuyerAsync();
        var orderId = await PaidCreditOrderAsync(buyer, vendorId, listing, "k-unfulfilled");
        Assert.Equal(4, await world.CatalogStockAsync(listing));

        world.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1));
        await world.RunAsync<CancelUnfulfilledOrders>(j => j.RunAsync(CancellationToken.None));
        Assert.Equal("Paid", await StatusAsync(orderId));

        world.Clock.Advance(TimeSpan.FromMinutes(2));
        await world.RunAsync<CancelUnfulfilledOrders>(j => j.RunAsync(CancellationToken.None));
        Assert.Equal("Cancelled", await StatusAsync(orderId));
        var steps = await HistoryCountAsync(orderId);
        await world.RunAsync<CancelUnfulfilledOrders>(j => j.RunAsync(CancellationToken.None));
        Assert.Equal(steps, await HistoryCountAsync(orderId));

        await world.RefreshAdminAsync();
        var last = (await world.OrderAsync(world.Admin, orderId)).GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("Cancelled", "fulfilment-deadline"), (last.GetProperty("status").GetString(), last.GetProperty("actor").GetString()));
        await Eventually.TrueAsync(async () => (await world.AccountAsync(buyer.AccountId)).GetProperty("pendingDebits").GetInt64() == 0, Wait, "the hold to be voided");
        Assert.Equal(0, (await world.AccountAsync(buyer.AccountId)).GetProperty("balance").GetInt64());
        await Eventually.TrueAsync(async () => await world.CatalogStockAsync(listing) == 5, Wait, "the stock to be released");
    }

    [Fact]
    public async Task The_longest_undisputed_path_fulfilled_on_the_last_day_and_auto_completed_pays_the_coop_before_the_hold_expires()
    {
        var (_, staffId, vendorId, listing) = await VendorWithListingAsync("Last Minute Bakers");
        var buyer = await world.NewBuyerAsync();
        var orderId = await PaidCreditOrderAsync(buyer, vendorId, listing, "k-longest");
        var vendorAccount = await world.WithOrderingAsync(db => db.CreditAccounts.Where(a => a.OwnerId == vendorId).Select(a => a.AccountId).SingleAsync());

        // Fulfilled an hour before the fulfilment deadline (the staff's token expired on the fake clock: sign in again).
        world.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromHours(1));
        await ExpireLedgerHoldsAsync();
        var staff = await SignInAgainAsync(staffId);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/ordering/orders/{orderId}/fulfil", null)).StatusCode);
        await world.RunAsync<CancelUnfulfilledOrders>(j => j.RunAsync(CancellationToken.None));
        Assert.Equal("Fulfilled", await StatusAsync(orderId));

        // The buyer never confirms: auto-completion an hour late still posts long before the hold's expiry.
        world.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromHours(1));
        await ExpireLedgerHoldsAsync();
        await world.RunAsync<AutoCompleteOrders>(j => j.RunAsync(CancellationToken.None));
        Assert.Equal("Completed", await StatusAsync(orderId));

        await world.RefreshAdminAsync();
        await Eventually.TrueAsync(async () => (await world.AccountAsync(vendorAccount)).GetProperty("balance").GetInt64() == 1_500, Wait, "the co-op to receive the credits");
        Assert.Equal(0, (await world.AccountAsync(buyer.AccountId)).GetProperty("pendingDebits").GetInt64());
        Assert.Null(await world.WithOrderingAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.SettlementProblem).SingleAsync()));
    }

    [Fact]
    public async Task Orders_whose_hold_expires_within_the_margin_are_settled_early_a_fulfilled_one_completed_a_paid_one_cancelled()
    {
        var (staff, _, vendorId, listing) = await VendorWithListingAsync("Old Settings Bakers", stock: 5);
        var buyer = await world.NewBuyerAsync();
        var fulfilled = await PaidCreditOrderAsync(buyer, vendorId, listing, "k-old-hold-fulfilled");
        var paid = await PaidCreditOrderAsync(buyer, vendorId, listing, "k-old-hold-paid");
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/ordering/orders/{fulfilled}/fulfil", null)).StatusCode);
        var vendorAccount = await world.WithOrderingAsync(db => db.CreditAccounts.Where(a => a.OwnerId == vendorId).Select(a => a.AccountId).SingleAsync());

        // As if both holds had been placed under older, shorter settings: Ordering believes they expire in a day.
        var soon = world.Clock.GetUtcNow() + TimeSpan.FromDays(1);
        await world.WithOrderingAsync(db => db.Orders.Where(o => o.Id == fulfilled || o.Id == paid).ExecuteUpdateAsync(u => u.SetProperty(o => o.HoldExpiresAt, soon)));
        await world.RunAsync<AutoCompleteOrders>(j => j.RunAsync(CancellationToken.None));
        await world.RunAsync<CancelUnfulfilledOrders>(j => j.RunAsync(CancellationToken.None));

        Assert.Equal(("Completed", "Cancelled"), (await StatusAsync(fulfilled), await StatusAsync(paid)));
        var reasons = await world.WithOrderingAsync(db => db.OrderHistory.Where(h => (h.OrderId == fulfilled && h.Status == Orders.OrderStatus.Completed) || (h.OrderId == paid && h.Status == Orders.OrderStatus.Cancelled)).Select(h => h.Reason).ToListAsync());
        Assert.Equal(["completed before its credit hold expires", "not fulfilled before its credit hold expires"], reasons.Order());
        await Eventually.TrueAsync(async () => (await world.AccountAsync(vendorAccount)).GetProperty("balance").GetInt64() == 1_500, Wait, "the co-op to be paid for the fulfilled order");
        await Eventually.TrueAsync(async () => (await world.AccountAsync(buyer.AccountId)).GetProperty("pendingDebits").GetInt64() == 0, Wait, "the cancelled order's hold to be voided");
    }

    [Fact]
    public async Task A_dispute_left_too_long_is_listed_for_administrators_and_a_settlement_refused_after_the_hold_expired_stays_listed()
    {
        var (_, _, vendorId, listing) = await VendorWithListingAsync("Disputed Bakers");
        var buyer = await world.NewBuyerAsync();
        var orderId = await PaidCreditOrderAsync(buyer, vendorId, listing, "k-dispute-late");
        Assert.Equal(HttpStatusCode.OK, (await buyer.Client.PostAsJsonAsync($"/api/ordering/orders/{orderId}/dispute", new { reason = "Never arrived" })).StatusCode);
        var holdExpiresAt = (await world.WithOrderingAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.HoldExpiresAt).SingleAsync()))!.Value;

        world.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        await world.RefreshAdminAsync();
        Assert.Null(await AttentionAsync(orderId));

        world.Clock.Advance(TimeSpan.FromMinutes(2));
        await world.RefreshAdminAsync();
        Assert.Equal("dispute-overdue", (await AttentionAsync(orderId))?.GetProperty("kind").GetString());
        Assert.True(await world.RunAsync<WarnOfOrdersNeedingAttention>(j => j.RunAsync(CancellationToken.None)) >= 1);

        world.Clock.AdjustTime(holdExpiresAt - TimeSpan.FromDays(1));
        await world.RefreshAdminAsync();
        var expiring = await AttentionAsync(orderId);
        Assert.Equal("hold-expiring", expiring?.GetProperty("kind").GetString());
        Assert.Equal(holdExpiresAt, expiring?.GetProperty("holdExpiresAt").GetDateTimeOffset());

        // Nobody resolved it in time: the hold expires, and the late "completed" cannot pay the co-op.
        world.Clock.AdjustTime(holdExpiresAt + TimeSpan.FromMinutes(1));
        await ExpireLedgerHoldsAsync();
        await world.RefreshAdminAsync();
        var resolved = await world.Admin.PostAsJsonAsync($"/api/ordering/orders/{orderId}/resolve", new { outcome = "completed", reason = "Delivery proven" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);

        var listed = await Eventually.GetAsync<object>(async () => await AttentionAsync(orderId) is { } item && item.GetProperty("kind").GetString() == "settlement-rejected" ? item : null, Wait, "the refused settlement on the attention list");
        var item = (JsonElement)listed;
        Assert.Equal("Completed", item.GetProperty("status").GetString());
        Assert.Contains("PendingAlreadyExpired", item.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains((await world.OrderAsync(world.Admin, orderId)).GetProperty("history").EnumerateArray(), h => h.GetProperty("actor").GetString() == "ledger" && h.GetProperty("reason").GetString()!.Contains("refused post", StringComparison.Ordinal));
        Assert.Equal(0, (await world.AccountAsync(buyer.AccountId)).GetProperty("balance").GetInt64());

        // The buyer sees the problem on the order; only an administrator clears it, with a note, once settled by hand.
        var buyerNow = await SignInAgainAsync(buyer.UserId);
        var seen = await world.OrderAsync(buyerNow, orderId);
        Assert.Contains("PendingAlreadyExpired", seen.GetProperty("settlementProblem").GetString(), StringComparison.Ordinal);
        Assert.Equal(holdExpiresAt, seen.GetProperty("holdExpiresAt").GetDateTimeOffset());
        var clear = $"/api/ordering/orders/{orderId}/settlement-problem/clear";
        var (admin, adminId) = await world.SignInAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyerNow.PostAsJsonAsync(clear, new { note = "I paid" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync(clear, new { note = " " })).StatusCode);
        Assert.NotNull(await AttentionAsync(orderId));

        var cleared = await admin.PostAsJsonAsync(clear, new { note = "Paid the co-op by ledger transfer 42" });

        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        var order = await cleared.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, order.GetProperty("settlementProblem").ValueKind);
        Assert.Equal("Completed", order.GetProperty("status").GetString());
        var note = order.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(adminId, note.GetProperty("actor").GetString());
        Assert.Contains("Paid the co-op by ledger transfer 42", note.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Null(await AttentionAsync(orderId));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync(clear, new { note = "again" })).StatusCode);
    }

    [Fact]
    public async Task The_attention_list_is_for_administrators_only()
    {
        var (member, _) = await world.SignInAsync(Roles.Member);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/api/ordering/attention")).StatusCode);
    }

    private async Task<(HttpClient Staff, string StaffId, Guid VendorId, Guid Listing)> VendorWithListingAsync(string name, int stock = 5)
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, name);
        var listing = await world.CreateListingAsync(staff, vendorId, stock);
        return (staff, staffId, vendorId, listing);
    }

    private async Task<Guid> PaidCreditOrderAsync(Buyer buyer, Guid vendorId, Guid listing, string key)
    {
        var response = await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout(key, [(listing, 1)], [Credits(vendorId, buyer.AccountId)]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var orderId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orders")[0].GetProperty("id").GetGuid();
        await world.OrderReachesAsync(orderId, "Paid");
        return orderId;
    }

    private Task<string> StatusAsync(Guid orderId) => world.WithOrderingAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.Status.ToString()).SingleAsync());

    private Task<int> HistoryCountAsync(Guid orderId) => world.WithOrderingAsync(db => db.OrderHistory.CountAsync(h => h.OrderId == orderId));

    private async Task<JsonElement?> AttentionAsync(Guid orderId)
    {
        var list = await world.Admin.GetFromJsonAsync<JsonElement>("/api/ordering/attention");
        return list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("orderId").GetGuid() == orderId).Select(i => (JsonElement?)i).FirstOrDefault();
    }

    /// <summary>The ledger's own expiry sweep, on the shared fake clock (Hangfire may also run it; it is idempotent).</summary>
    private Task ExpireLedgerHoldsAsync() => world.InScopeAsync(async sp =>
    {
        await sp.GetRequiredService<ExpireHolds>().RunAsync(CancellationToken.None);
        return 0;
    });

    /// <summary>A fresh token for an existing user (tokens expire on the host's clock, which the tests move on).</summary>
    private async Task<HttpClient> SignInAgainAsync(string userId)
    {
        var email = await world.InScopeAsync(async sp => (await sp.GetRequiredService<UserManager<IdentityUser>>().FindByIdAsync(userId))!.Email!);
        return await MarketplaceFactory.SignInAsync(world.Factory, email, MarketplaceFactory.Password);
    }
}
