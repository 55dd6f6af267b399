using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Jobs;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ordering.Tests.OrderingWorld;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>
/// The daily card reconciliation against the SIMULATED gateway on a fake clock. Each test moves the clock to a fresh
/// UTC day (far from the others, beyond the job's margin), so one test's movements never fall into another's day.
/// </summary>
public sealed class ReconciliationTests(FakeClockWorld world) : IClassFixture<FakeClockWorld>
{
    [Fact]
    public async Task A_paid_two_vendor_checkout_and_its_transfers_reconcile_with_no_mismatch_and_a_rerun_keeps_one_report()
    {
        var day = await FreshDayAsync(TimeSpan.FromHours(10));
        var (_, orders, _) = await PaidCheckoutAsync("k-recon-paid", "Recon Co-op A", "Recon Co-op B");
        await TransfersAsync(orders);

        var report = await RunDayAsync(day);
        Assert.Equal(("simulated", 3, 3, 0), (report.Gateway, report.TransactionCount, report.ExpectedCount, report.MismatchCount));
        Assert.Equal("[]", report.Mismatches);

        // The scheduled run the next morning reconciles "yesterday" by the clock: the same day, the same one report.
        world.Clock.Advance(TimeSpan.FromHours(16));
        Assert.Equal(0, await world.InScopeAsync(sp => sp.GetRequiredService<ReconcileCardPayments>().RunAsync(CancellationToken.None)));
        var reports = await ReportsOfAsync(day);
        Assert.Equal(world.Clock.GetUtcNow(), Assert.Single(reports).RanAt);
    }

    [Fact]
    public async Task A_refund_that_reverses_the_transfer_on_the_same_day_reconciles_with_no_mismatch()
    {
        var day = await FreshDayAsync(TimeSpan.FromHours(9));
        var (_, orders, staff) = await PaidCheckoutAsync("k-recon-refund", "Recon Refund Co-op");
        await TransfersAsync(orders);
        Assert.Equal(HttpStatusCode.OK, (await staff[0].PostAsJsonAsync($"/api/ordering/orders/{orders[0]}/cancel", new { reason = "Out of flour" })).StatusCode);
        await Eventually.TrueAsync(
            () => world.WithOrderingAsync(db => db.Orders.AnyAsync(o => o.Id == orders[0] && o.RefundedAt != null && o.TransferReversalId != null)),
            Wait, "the refund and its transfer reversal to be recorded");

        var report = await RunDayAsync(day);

        // Charge, transfer, refund and the transfer's reversal: four lines at the provider, four movements recorded.
        Assert.Equal((4, 4, 0), (report.TransactionCount, report.ExpectedCount, report.MismatchCount));
    }

    [Fact]
    public async Task A_changed_amount_a_transfer_the_provider_never_made_and_a_stray_transfer_are_each_named_in_the_report()
    {
        var day = await FreshDayAsync(TimeSpan.FromHours(11));
        var (_, orders, _) = await PaidCheckoutAsync("k-recon-bad", "Recon Short Co-op", "Recon Lost Co-op");
        await TransfersAsync(orders);
        var transfers = await world.WithOrderingAsync(db => db.Orders.Where(o => orders.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.TransferId!));
        var strayId = $"sim_tr_stray_{Guid.NewGuid():N}";
        await world.WithOrderingAsync(async db =>
        {
            // What the provider really did differs from Ordering's records: one transfer 100 cents short, one lost,
            // and a transfer nobody asked for (e.g. made by hand in the dashboard).
            await db.SimulatedCardObjects.Where(o => o.Id == transfers[orders[0]]).ExecuteUpdateAsync(s => s.SetProperty(o => o.AmountCents, o => o.AmountCents - 100));
            await db.SimulatedCardObjects.Where(o => o.Id == transfers[orders[1]]).ExecuteDeleteAsync();
            db.SimulatedCardObjects.Add(new SimulatedCardObject
            {
                Id = strayId, Kind = "transfer", IdempotencyKey = strayId, Status = "paid", AmountCents = 700, Reference = "sim_acct_x", CreatedAt = world.Clock.GetUtcNow(),
            });
            return await db.SaveChangesAsync();
        });

        var report = await RunDayAsync(day);

        Assert.Equal(3, report.MismatchCount);
        world.Clock.Advance(TimeSpan.FromDays(1));
        await world.RefreshAdminAsync();
        var listed = await world.Admin.GetFromJsonAsync<JsonElement>("/api/ordering/reconciliations?pageSize=1");
        var item = listed.GetProperty("items")[0];
        Assert.Equal(day.ToString("yyyy-MM-dd"), item.GetProperty("date").GetString());
        var mismatches = item.GetProperty("mismatches").EnumerateArray()
            .Select(m => (m.GetProperty("kind").GetString(), m.GetProperty("providerId").GetString())).OrderBy(m => m.Item1, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [("TransferAmountDiffers", transfers[orders[0]]), ("TransferMissing", transfers[orders[1]]), ("UnexpectedTransaction", strayId)],
            mismatches);
    }

    [Fact]
    public async Task A_charge_booked_just_before_midnight_but_recorded_just_after_matches_on_both_days_until_it_is_beyond_the_margin()
    {
        var day = await FreshDayAsync(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(50));
        var (checkoutId, orders, _) = await PaidCheckoutAsync("k-recon-midnight", "Recon Midnight Co-op", payAt: TimeSpan.FromHours(24) - TimeSpan.FromMilliseconds(100));
        await TransfersAsync(orders);
        var midnight = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        // The provider booked the charge at 23:59:59.9; Ordering handled the success notice at 00:00:00.2.
        await SetChargedAtAsync(checkoutId, midnight.AddMilliseconds(200));
        Assert.Equal(0, (await RunDayAsync(day)).MismatchCount);
        Assert.Equal(0, (await RunDayAsync(day.AddDays(1))).MismatchCount);

        // Recorded two hours late (beyond the one-hour margin): each day reports its own side, once.
        await SetChargedAtAsync(checkoutId, midnight.AddHours(2));
        var before = await RunDayAsync(day);
        var after = await RunDayAsync(day.AddDays(1));
        Assert.Contains("\"kind\":\"UnexpectedTransaction\"", before.Mismatches, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"ChargeMissing\"", after.Mismatches, StringComparison.Ordinal);
        Assert.Equal((1, 1), (before.MismatchCount, after.MismatchCount));
    }

    [Fact]
    public async Task Reconciliation_endpoints_are_for_administrators_and_refuse_a_bad_or_unfinished_date()
    {
        var day = await FreshDayAsync(TimeSpan.FromHours(8));
        var (member, _) = await world.SignInAsync(Roles.Member);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/api/ordering/reconciliations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsync($"/api/ordering/reconciliations?date={day.AddDays(-1):yyyy-MM-dd}", null)).StatusCode);

        foreach (var bad in new[] { "", "?date=29-11-2026", "?date=2026-02-30", $"?date={day:yyyy-MM-dd}", "?date=0001-01-01", "?date=1969-12-31", "?date=2019-12-31" })
        {
            var refused = await world.Admin.PostAsync($"/api/ordering/reconciliations{bad}", null);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty("date", out _), bad);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await world.Admin.GetAsync("/api/ordering/reconciliations?pageSize=0")).StatusCode);

        var yesterday = day.AddDays(-1);
        for (var run = 0; run < 2; run++)
        {
            var ran = await world.Admin.PostAsync($"/api/ordering/reconciliations?date={yesterday:yyyy-MM-dd}", null);
            Assert.Equal(HttpStatusCode.OK, ran.StatusCode);
            Assert.Equal(yesterday.ToString("yyyy-MM-dd"), (await ran.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("date").GetString());
        }

        Assert.Single(await ReportsOfAsync(yesterday));
    }

    /// <summary>Moves the clock to <paramref name="timeOfDay"/> two days on (beyond any earlier test's day and margin).</summary>
    private async Task<DateOnly> FreshDayAsync(TimeSpan timeOfDay)
    {
        var day = DateOnly.FromDateTime(world.Clock.GetUtcNow().UtcDateTime).AddDays(2);
        world.Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + timeOfDay);
        await world.RefreshAdminAsync();
        return day;
    }

    /// <summary>A card checkout with one order per new co-op, paid (at <paramref name="payAt"/> into the day when given).</summary>
    private async Task<(Guid CheckoutId, List<Guid> Orders, List<HttpClient> Staff)> PaidCheckoutAsync(string key, string vendorA, string? vendorB = null, TimeSpan? payAt = null)
    {
        var lines = new List<(Guid, int)>();
        var payments = new List<object>();
        var staffClients = new List<HttpClient>();
        foreach (var name in new[] { vendorA, vendorB }.OfType<string>())
        {
            var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
            var vendorId = await world.RegisterVendorAsync(staff, staffId, name);
            await world.MakeCardReadyAsync(staff, vendorId);
            lines.Add((await world.CreateListingAsync(staff, vendorId, stock: 5), lines.Count + 1));
            payments.Add(Card(vendorId));
            staffClients.Add(staff);
        }

        var buyer = await world.NewBuyerAsync();
        var created = await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout(key, lines, payments));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var checkout = await created.Content.ReadFromJsonAsync<JsonElement>();
        var checkoutId = checkout.GetProperty("id").GetGuid();
        var orders = checkout.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("id").GetGuid()).ToList();
        await Eventually.TrueAsync(() => world.WithOrderingAsync(db => db.Checkouts.AnyAsync(c => c.Id == checkoutId && c.CardPaymentId != null)), Wait, "the card payment");
        if (payAt is { } at)
        {
            var now = world.Clock.GetUtcNow();
            world.Clock.SetUtcNow(new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero) + at);
        }

        var paid = await buyer.Client.PostAsJsonAsync($"/api/ordering/checkouts/{checkoutId}/simulated-payment", new { outcome = "succeed" });
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        return (checkoutId, orders, staffClients);
    }

    private Task TransfersAsync(List<Guid> orders) =>
        Eventually.TrueAsync(
            async () => await world.WithOrderingAsync(db => db.Orders.CountAsync(o => orders.Contains(o.Id) && o.TransferId != null && o.TransferredAt != null)) == orders.Count,
            Wait, "the co-ops' transfers to be recorded");

    private Task SetChargedAtAsync(Guid checkoutId, DateTimeOffset at) =>
        world.WithOrderingAsync(db => db.Checkouts.Where(c => c.Id == checkoutId).ExecuteUpdateAsync(s => s.SetProperty(c => c.CardChargedAt, at)));

    private Task<CardReconciliationReport> RunDayAsync(DateOnly day) =>
        world.InScopeAsync(sp => sp.GetRequiredService<ReconcileCardPayments>().RunDayAsync(day, CancellationToken.None));

    private Task<List<CardReconciliationReport>> ReportsOfAsync(DateOnly day)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return world.WithOrderingAsync(db => db.CardReconciliationReports.AsNoTracking().Where(r => r.PeriodStart == start).ToListAsync());
    }
}
