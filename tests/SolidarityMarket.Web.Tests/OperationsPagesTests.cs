using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Testing;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// The operators' pages in Chromium with JavaScript off: failed deliveries replayed and discarded, a stuck outbox row
/// retried (<c>/admin/operations</c>), and the card reconciliation run for a day (<c>/admin/reconciliations</c>), each
/// checked through the operators' APIs and the services' databases; a member is refused both pages.
/// </summary>
public sealed class OperationsPagesTests(OperationsWorld world) : IClassFixture<OperationsWorld>
{
    [Fact]
    public async Task A_failed_delivery_replayed_from_the_page_is_applied_once_and_leaves_the_failed_list()
    {
        var vendor = Guid.NewGuid();
        var id = await world.FailedDeliveryAsync("ledger", "ledger-vendor-registered", OperationsWorld.Registration(vendor, "Replayed Co-op"),
            "System.InvalidOperationException: Vendor trades in sector 'food', which has no exchange.");
        var page = await SignedInAsync(world.AdminEmail, "/admin");

        await page.GetByRole(AriaRole.Link, new() { Name = "Failed deliveries and stuck messages" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/admin/operations$"));
        var row = page.Locator($"section[data-service='ledger'] tr[data-failed='{id}']");
        await Expect(row.Locator("[data-queue]")).ToHaveTextAsync("ledger-vendor-registered");
        await Expect(row.Locator("[data-type]")).ToHaveTextAsync("VendorRegistered");
        await Expect(row.Locator("[data-failures]")).ToHaveTextAsync("2");
        await Expect(row.Locator("[data-error]")).ToHaveTextAsync("System.InvalidOperationException: Vendor trades in sector 'food', which has no exchange.");
        Assert.Equal(0, await world.AccountsOwnedByAsync(vendor));

        await row.GetByRole(AriaRole.Button, new() { Name = "Replay" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Message {id} was sent back to ledger-vendor-registered");
        await Expect(page.Locator($"tr[data-failed='{id}']")).ToHaveCountAsync(0);
        await Eventually.TrueAsync(async () => await world.InboxCountAsync("ledger", id) > 0, OperationsWorld.Delivery, "the replayed registration consumed");
        Assert.Equal(1, await world.InboxCountAsync("ledger", id));
        Assert.Equal(1, await world.AccountsOwnedByAsync(vendor));
        Assert.DoesNotContain(await world.FailedAsync("ledger", "Failed"), r => r.GetProperty("messageId").GetGuid() == id);
        var replayed = Assert.Single(await world.FailedAsync("ledger", "Replayed"), r => r.GetProperty("messageId").GetGuid() == id);
        Assert.Equal(await world.AdminUserIdAsync(), replayed.GetProperty("replayedBy").GetString());
    }

    [Fact]
    public async Task A_discard_needs_a_reason_and_then_leaves_the_list_with_the_reason_on_record()
    {
        var id = await world.FailedDeliveryAsync("ordering", "ordering-vendor-registered", OperationsWorld.Registration(Guid.NewGuid(), "Discarded Co-op"),
            "Microsoft.EntityFrameworkCore.DbUpdateException: An error occurred while saving the entity changes.");
        var page = await SignedInAsync(world.AdminEmail, "/admin/operations");
        var row = page.Locator($"section[data-service='ordering'] tr[data-failed='{id}']");

        await row.GetByLabel("Reason for discarding").FillAsync("   ");
        var refused = await page.RunAndWaitForResponseAsync(
            () => row.GetByRole(AriaRole.Button, new() { Name = "Discard" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("reason");
        await Expect(row).ToHaveCountAsync(1);
        Assert.Contains(await world.FailedAsync("ordering", "Failed"), r => r.GetProperty("messageId").GetGuid() == id);

        await row.GetByLabel("Reason for discarding").FillAsync("The vendor was registered again by hand.");
        await row.GetByRole(AriaRole.Button, new() { Name = "Discard" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Message {id} on ordering-vendor-registered (Ordering) is discarded");
        await Expect(page.Locator($"tr[data-failed='{id}']")).ToHaveCountAsync(0);
        Assert.DoesNotContain(await world.FailedAsync("ordering", "Failed"), r => r.GetProperty("messageId").GetGuid() == id);
        var discarded = Assert.Single(await world.FailedAsync("ordering", "Discarded"), r => r.GetProperty("messageId").GetGuid() == id);
        Assert.Equal("The vendor was registered again by hand.", discarded.GetProperty("discardReason").GetString());
        Assert.Equal(await world.AdminUserIdAsync(), discarded.GetProperty("discardedBy").GetString());
        Assert.Equal(0, await world.InboxCountAsync("ordering", id));
    }

    [Fact]
    public async Task Retry_now_makes_a_stuck_outbox_row_leave_at_the_next_poll()
    {
        var vendor = Guid.NewGuid();
        var id = await world.StuckOutboxRowAsync("catalog", OperationsWorld.Registration(vendor, "Stuck Co-op"));
        var page = await SignedInAsync(world.AdminEmail, "/admin/operations");
        var row = page.Locator($"section[data-service='catalog'] tr[data-outbox='{id}']");
        await Expect(row.Locator("[data-attempts]")).ToHaveTextAsync("4");

        await row.GetByRole(AriaRole.Button, new() { Name = "Retry now" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Outbox message {id} of Catalog is due now");
        await Eventually.TrueAsync(async () => await world.OutboxSentAtAsync("catalog", id) is not null, OperationsWorld.Delivery, "the retried row sent");
        await Eventually.TrueAsync(async () => await world.AccountsOwnedByAsync(vendor) == 1, OperationsWorld.Delivery, "the ledger opened the vendor's account");
        await page.ReloadAsync();
        await Expect(page.Locator($"tr[data-outbox='{id}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_day_is_reconciled_from_the_page_and_a_day_not_over_is_refused_with_the_form_kept()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var yesterday = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var page = await SignedInAsync(world.AdminEmail, "/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Card reconciliation" }).ClickAsync();
        await Expect(page.GetByLabel("Day (UTC")).ToHaveValueAsync(yesterday);

        await page.GetByLabel("Day (UTC").FillAsync(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Reconcile this day" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("date must be a UTC day that is over.");
        await Expect(page.GetByLabel("Day (UTC")).ToHaveValueAsync(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.DoesNotContain((await world.ReconciliationsAsync()).EnumerateArray(), r => r.GetProperty("date").GetString() == today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        await page.GetByLabel("Day (UTC").FillAsync(yesterday);
        await page.GetByRole(AriaRole.Button, new() { Name = "Reconcile this day" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{yesterday} reconciled");
        var report = Assert.Single((await world.ReconciliationsAsync()).EnumerateArray(), r => r.GetProperty("date").GetString() == yesterday);
        Assert.Equal("simulated", report.GetProperty("gateway").GetString());
        var row = page.Locator($"tr[data-report='{yesterday}']");
        await Expect(row.Locator("[data-lines]")).ToHaveTextAsync(report.GetProperty("transactionCount").GetInt32().ToString(CultureInfo.InvariantCulture));
        await Expect(row.Locator("[data-expected]")).ToHaveTextAsync(report.GetProperty("expectedCount").GetInt32().ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_stored_report_shows_its_mismatches_with_their_details()
    {
        // The simulated gateway books exactly what the orders record, so a mismatch is stored through Ordering's own
        // database, as the nightly job writes it (camelCase JSON, the kind by name).
        var day = new DateTimeOffset(2021, 3, 4, 0, 0, 0, TimeSpan.Zero);
        var checkout = Guid.NewGuid();
        var mismatches = JsonSerializer.Serialize(new[]
        {
            new { kind = "ChargeAmountDiffers", checkoutId = (Guid?)checkout, orderId = (Guid?)null, providerId = "ch_test_1", expectedCents = (long?)2500, actualCents = (long?)2400, transactionId = "txn_test_1", detail = "The charge is $24.00; the checkout expected $25.00." },
        });
        await world.WithDatabaseAsync("ordering", db =>
        {
            db.Set<CardReconciliationReport>().Add(new CardReconciliationReport
            {
                Id = Guid.NewGuid(), PeriodStart = day, PeriodEnd = day.AddDays(1), RanAt = day.AddDays(1).AddHours(2), Gateway = "simulated",
                TransactionCount = 1, ExpectedCount = 1, MismatchCount = 1, Mismatches = mismatches,
            });
            return db.SaveChangesAsync();
        });

        var page = await SignedInAsync(world.AdminEmail, "/admin/reconciliations");

        await Expect(page.Locator("tr[data-report='2021-03-04'] [data-mismatches]")).ToHaveTextAsync("1");
        var mismatch = page.Locator("tr[data-report-mismatches='2021-03-04'] tr[data-mismatch]");
        await Expect(mismatch).ToHaveCountAsync(1);
        await Expect(mismatch).ToContainTextAsync("ChargeAmountDiffers");
        await Expect(mismatch).ToContainTextAsync(checkout.ToString());
        await Expect(mismatch).ToContainTextAsync("ch_test_1");
        await Expect(mismatch.Locator("td.amount")).ToHaveTextAsync(["$25.00", "$24.00"]);
        await Expect(mismatch.Locator("[data-detail]")).ToHaveTextAsync("The charge is $24.00; the checkout expected $25.00.");
    }

    [Fact]
    public async Task Services_the_UI_process_does_not_host_are_said_so_each_in_its_own_section()
    {
        // A process running the Catalog and the UI only, as in a deployment of separate processes with no gateway
        // routing /admin/messaging/{service} to the others: it answers 404 "hosts no service" for Ordering and Ledger.
        await using var catalogOnly = new MarketplaceFactory(new() { ["Modules"] = "Catalog,Web" });
        var address = MarketWorld.StartOnKestrel(catalogOnly);
        var (email, _) = await catalogOnly.CreateUserAsync("Admin");
        using (var admin = await catalogOnly.SignInAsync(email, MarketplaceFactory.Password))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/admin/messaging/ledger/failed", UriKind.Relative))).StatusCode);
        }

        var page = await world.NewPageAsync();
        await page.GotoAsync(new Uri(address, "/signin").ToString());
        await MemberPages.SignInAsync(page, email);
        await Expect(page.Locator("header.site")).ToContainTextAsync($"Signed in as {email}");

        var answer = await page.GotoAsync(new Uri(address, "/admin/operations").ToString());

        Assert.Equal(200, answer!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Expect(page.Locator("section[data-service='catalog'] [data-unavailable]")).ToHaveCountAsync(0);
        await Expect(page.Locator("section[data-service='catalog'] [data-no-failed]")).ToHaveCountAsync(1);
        foreach (var (service, title) in new[] { ("ordering", "Ordering"), ("ledger", "Ledger") })
        {
            var unavailable = page.Locator($"section[data-service='{service}'] [data-unavailable]");
            await Expect(unavailable).ToContainTextAsync($"hosts no {title} service");
            await Expect(unavailable).ToContainTextAsync($"route /admin/messaging/{service}/ to a {title} process");
            await Expect(page.Locator($"section[data-service='{service}'] [data-lists]")).ToHaveCountAsync(0);
        }
    }

    [Theory]
    [InlineData("/admin/operations")]
    [InlineData("/admin/reconciliations")]
    public async Task A_member_is_refused_the_operators_pages(string path)
    {
        var member = await world.NewMemberAsync();
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, member.Email);
        await Expect(page.Locator("header.site")).ToContainTextAsync($"Signed in as {member.Email}");

        var answer = await page.GotoAsync(path);

        Assert.Equal(403, answer!.Status);
        await Expect(page).ToHaveURLAsync(new Regex("/denied"));
    }

    private Task<IPage> SignedInAsync(string email, string path) => MemberPages.SignedInAtAsync(world, email, path);
}
