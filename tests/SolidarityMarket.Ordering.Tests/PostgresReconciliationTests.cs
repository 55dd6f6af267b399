using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ordering.Jobs;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ordering.Tests.OrderingWorld;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>
/// The reconciliation's queries and its one-report-per-day unique index on PostgreSQL (timestamptz comparisons of the
/// nullable movement times), on the real clock: the day reconciled is today's, which the job accepts (only the admin
/// endpoint insists on a finished day).
/// </summary>
public sealed class PostgresReconciliationTests(PostgresWorld world) : IClassFixture<PostgresWorld>
{
    [Fact]
    public async Task On_PostgreSQL_a_paid_and_transferred_card_order_reconciles_and_a_rerun_updates_the_one_report()
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, "Postgres Card Co-op");
        await world.MakeCardReadyAsync(staff, vendorId);
        var listing = await world.CreateListingAsync(staff, vendorId, stock: 3);
        var buyer = await world.NewBuyerAsync();
        var checkout = await (await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout("pg-recon", [(listing, 1)], [Card(vendorId)])))
            .Content.ReadFromJsonAsync<JsonElement>();
        var checkoutId = checkout.GetProperty("id").GetGuid();
        var orderId = checkout.GetProperty("orders")[0].GetProperty("id").GetGuid();
        await Eventually.TrueAsync(() => world.WithOrderingAsync(db => db.Checkouts.AnyAsync(c => c.Id == checkoutId && c.CardPaymentId != null)), Wait, "the card payment");
        Assert.Equal(HttpStatusCode.OK, (await buyer.Client.PostAsJsonAsync($"/api/ordering/checkouts/{checkoutId}/simulated-payment", new { outcome = "succeed" })).StatusCode);
        await Eventually.TrueAsync(() => world.WithOrderingAsync(db => db.Orders.AnyAsync(o => o.Id == orderId && o.TransferredAt != null)), Wait, "the transfer");
        var day = DateOnly.FromDateTime((await world.WithOrderingAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.TransferredAt).SingleAsync()))!.Value.UtcDateTime);

        for (var run = 0; run < 2; run++)
        {
            var report = await world.InScopeAsync(sp => sp.GetRequiredService<ReconcileCardPayments>().RunDayAsync(day, CancellationToken.None));
            Assert.Equal((2, 2, 0), (report.TransactionCount, report.ExpectedCount, report.MismatchCount));
        }

        Assert.Equal(1, await world.WithOrderingAsync(db => db.CardReconciliationReports.CountAsync()));
    }

    [Fact]
    public async Task On_PostgreSQL_a_page_far_past_the_end_of_the_reports_is_empty_not_an_error()
    {
        // (page - 1) * pageSize overflowed int into a negative OFFSET, which PostgreSQL refuses (500).
        foreach (var (page, pageSize) in new[] { (int.MaxValue, 100), (21_474_837, 100), (2, 30) })
        {
            var response = await world.Admin.GetAsync($"/api/ordering/reconciliations?page={page}&pageSize={pageSize}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"page {page}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((page, 0), (body.GetProperty("page").GetInt32(), body.GetProperty("items").GetArrayLength()));
        }
    }
}
