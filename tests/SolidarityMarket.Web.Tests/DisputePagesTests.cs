using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SolidarityMarket.Testing;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// Administrators decide disputed orders at <c>/admin/orders</c> in Chromium with JavaScript off. Each disputed order is
/// built through the APIs (a credits order paid, fulfilled, disputed by its buyer), and what the page decided is
/// checked through the Ordering API (status, history) and the Ledger API (the buyer's hold posted or voided).
/// </summary>
public sealed class DisputePagesTests(MarketWorld world)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_administrator_sees_the_dispute_with_its_reason_and_resolves_it_completed_posting_the_credits()
    {
        var dispute = await world.DisputedCreditsOrderAsync("Quarrelsome Quiches", "The crust was burnt through");
        Assert.Equal((0L, 600L), await world.HeldAsync(dispute.Buyer.AccountId));

        var page = await world.SignedInPageAsync(world.AdminEmail, "/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Orders that need an administrator" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/orders$"));
        var row = page.Locator($"table.disputes tr[data-order='{dispute.OrderId}']");
        await Expect(row).ToContainTextAsync("Quarrelsome Quiches");
        await Expect(row.Locator(".reason")).ToHaveTextAsync("The crust was burnt through");
        await Expect(row).ToContainTextAsync("6.00 credits");
        await row.GetByRole(AriaRole.Link).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/admin/orders/{dispute.OrderId}$"));
        await Expect(page.Locator("[data-field='status']")).ToHaveTextAsync("Disputed");
        await Expect(page.Locator("[data-field='payment-method']")).ToHaveTextAsync("credits");
        await Expect(page.Locator("table.lines")).ToContainTextAsync("Quarrelsome Quiches loaf");
        await Expect(page.Locator("li[data-status='Disputed'] .reason")).ToHaveTextAsync("The crust was burnt through");
        // People by e-mail, not by the user ids Ordering records (one look-up for the whole page).
        await Expect(page.Locator("[data-field='buyer']")).ToHaveTextAsync(dispute.Buyer.Email);
        await Expect(page.Locator("li[data-status='Disputed'] .who")).ToHaveTextAsync(dispute.Buyer.Email);
        var buyerId = (await world.OrderAsync(dispute.OrderId)).GetProperty("buyerUserId").GetString()!;
        Assert.DoesNotContain(buyerId, await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Radio, new() { Name = "Completed" }).CheckAsync();
        await page.GetByLabel("Reason").FillAsync("Photos show a normal bake");
        await page.GetByRole(AriaRole.Button, new() { Name = "Decide" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/admin/orders/{dispute.OrderId}$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Dispute resolved: completed. The held credits are posted to the vendor.");
        await Expect(page.Locator("[data-field='status']")).ToHaveTextAsync("Completed");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Decide" })).ToHaveCountAsync(0);
        await Expect(page.Locator("li[data-status='Completed'] .who")).ToHaveTextAsync(world.AdminEmail);

        var order = await world.OrderAsync(dispute.OrderId);
        Assert.Equal("Completed", order.GetProperty("status").GetString());
        Assert.Equal("Photos show a normal bake", order.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString());
        await Eventually.TrueAsync(async () => await world.HeldAsync(dispute.Buyer.AccountId) == (-600L, 0L), Wait, "the buyer's hold to be posted");

        await page.GotoAsync("/admin/orders");
        await Expect(page.Locator($"tr[data-order='{dispute.OrderId}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_administrator_resolves_a_dispute_refunded_and_the_buyers_hold_is_voided()
    {
        var dispute = await world.DisputedCreditsOrderAsync("Refunding Rolls", "Never arrived");
        var page = await world.SignedInPageAsync(world.AdminEmail, $"/admin/orders/{dispute.OrderId}");

        await page.GetByRole(AriaRole.Radio, new() { Name = "Refunded" }).CheckAsync();
        await page.GetByLabel("Reason").FillAsync("The carrier lost it");
        await page.GetByRole(AriaRole.Button, new() { Name = "Decide" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Dispute resolved: refunded. The buyer's credit hold is released.");
        var order = await world.OrderAsync(dispute.OrderId);
        Assert.Equal("Refunded", order.GetProperty("status").GetString());
        var last = order.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("Refunded", "The carrier lost it"), (last.GetProperty("status").GetString(), last.GetProperty("reason").GetString()));
        await Eventually.TrueAsync(async () => await world.HeldAsync(dispute.Buyer.AccountId) == (0L, 0L), Wait, "the buyer's hold to be voided");
    }

    [Fact]
    public async Task An_administrator_who_is_the_buyer_is_told_another_administrator_must_decide_and_nothing_changes()
    {
        var adminBuyer = await world.NewAdministratorWhoBuysAsync();
        var dispute = await world.DisputedCreditsOrderAsync("Own Goal Oatcakes", "Too dry", adminBuyer);
        var page = await world.SignedInPageAsync(adminBuyer.Email, $"/admin/orders/{dispute.OrderId}");

        await page.GetByRole(AriaRole.Radio, new() { Name = "Refunded" }).CheckAsync();
        await page.GetByLabel("Reason").FillAsync("I deserve it back");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Decide" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(403, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            "Another administrator must decide this dispute: you are its buyer or on the vendor's staff, and nobody decides a dispute they are part of. Nothing changed.");
        await Expect(page.Locator("[data-field='status']")).ToHaveTextAsync("Disputed");
        Assert.Equal("Disputed", await world.OrderStatusAsync(dispute.OrderId));
        Assert.Equal((0L, 600L), await world.HeldAsync(dispute.Buyer.AccountId));
    }

    [Fact]
    public async Task A_dispute_decided_meanwhile_is_refused_with_the_apis_reason_and_an_empty_reason_is_not_sent()
    {
        var dispute = await world.DisputedCreditsOrderAsync("Late Lamingtons", "Squashed");
        var page = await world.SignedInPageAsync(world.AdminEmail, $"/admin/orders/{dispute.OrderId}");

        // The form is sent without a reason (as a browser that ignores "required" would): the page asks for one.
        var empty = await CertificationWorld.PostAgainAsync(page, $"/admin/orders/{dispute.OrderId}?handler=Resolve", new() { ["Outcome"] = "Refunded", ["Reason"] = " " });
        Assert.Equal(400, empty.Status);
        Assert.Contains("Write why you decide so", await empty.TextAsync(), StringComparison.Ordinal);
        Assert.Equal("Disputed", await world.OrderStatusAsync(dispute.OrderId));

        // Another administrator decides it while this page is open.
        using var other = await world.AdminAsync();
        var resolved = await other.PostAsJsonAsync($"/api/ordering/orders/{dispute.OrderId}/resolve", new { outcome = "refunded", reason = "Decided first" });
        Assert.True(resolved.IsSuccessStatusCode);

        await page.GetByRole(AriaRole.Radio, new() { Name = "Completed" }).CheckAsync();
        await page.GetByLabel("Reason").FillAsync("Too late");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Decide" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(409, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("An order that is Refunded cannot be resolved.");
        await Expect(page.Locator("[data-field='status']")).ToHaveTextAsync("Refunded");
        Assert.Equal("Refunded", await world.OrderStatusAsync(dispute.OrderId));
    }

    [Fact]
    public async Task A_refused_settlement_is_on_the_attention_list_and_the_administrator_clears_it_with_a_note()
    {
        var dispute = await world.DisputedCreditsOrderAsync("Unsettled Scones", "Half the box missing");
        using (var admin = await world.AdminAsync())
        {
            var resolved = await admin.PostAsJsonAsync($"/api/ordering/orders/{dispute.OrderId}/resolve", new { outcome = "completed", reason = "Box was full" });
            Assert.True(resolved.IsSuccessStatusCode);
        }

        await world.RecordSettlementProblemAsync(dispute.OrderId, "ledger refused to post the hold: PendingExpired");
        var page = await world.SignedInPageAsync(world.AdminEmail, "/admin/orders");
        var row = page.Locator($"table.attention tr[data-order='{dispute.OrderId}']");
        await Expect(row).ToHaveAttributeAsync("data-kind", "settlement-rejected");
        await Expect(row.Locator(".kind")).ToHaveTextAsync("Settlement refused");
        await Expect(row.Locator(".detail")).ToHaveTextAsync("ledger refused to post the hold: PendingExpired");
        await Expect(row).ToContainTextAsync("Unsettled Scones");
        await row.GetByRole(AriaRole.Link).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/admin/orders/{dispute.OrderId}$"));
        await Expect(page.Locator(".settlement-problem")).ToHaveTextAsync("ledger refused to post the hold: PendingExpired");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Decide" })).ToHaveCountAsync(0);
        await page.GetByLabel("How it was settled").FillAsync("Paid the co-op by ledger transfer T-17");
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear the problem" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Settlement problem cleared: the order is off the attention list, and your note is in its history.");
        await Expect(page.Locator(".settlement-problem")).ToHaveCountAsync(0);
        var order = await world.OrderAsync(dispute.OrderId);
        Assert.Equal(JsonValueKind.Null, order.GetProperty("settlementProblem").ValueKind);
        Assert.Equal("Completed", order.GetProperty("status").GetString());
        Assert.Contains("Paid the co-op by ledger transfer T-17", order.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString(), StringComparison.Ordinal);
        await page.GotoAsync("/admin/orders");
        await Expect(page.Locator($"table.attention tr[data-order='{dispute.OrderId}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_member_opening_the_orders_page_is_refused()
    {
        var member = await world.NewMemberAsync();
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, member.Email);

        var answer = await page.GotoAsync("/admin/orders");

        Assert.Equal(403, answer!.Status);
        await Expect(page).ToHaveURLAsync(new Regex("/denied"));
    }
}
