using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ordering.Tests.OrderingWorld;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>
/// Many buyers at once for fewer units than they want: exactly the stock is sold, every other order is rejected,
/// nothing is held for a rejected order. Prints (does not assert) how long submit → terminal took.
/// </summary>
public sealed class ConcurrentCheckoutTests(OrderingWorld world, ITestOutputHelper output) : IClassFixture<OrderingWorld>
{
    [Fact]
    public async Task Twelve_buyers_racing_for_eight_units_end_with_eight_paid_four_rejected_and_no_stray_holds()
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, "Busy Co-op");
        var listing = await world.CreateListingAsync(staff, vendorId, stock: 8);
        var buyers = new List<Buyer>();
        for (var i = 0; i < 12; i++)
        {
            buyers.Add(await world.NewBuyerAsync());
        }

        var watch = Stopwatch.StartNew();
        var responses = await Task.WhenAll(buyers.Select(b => b.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout("rush", [(listing, 1)], [Credits(vendorId, b.AccountId)]))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var orderIds = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orders")[0].GetProperty("id").GetGuid()));
        var submitted = watch.Elapsed;

        var outcomes = await Task.WhenAll(orderIds.Select(id => Eventually.GetAsync(async () =>
            (await world.OrderAsync(world.Admin, id)).GetProperty("status").GetString() switch
            {
                "Paid" => "Paid",
                "Rejected" => "Rejected",
                _ => null,
            }, Wait, $"order {id} to be paid or rejected")));
        output.WriteLine($"12 concurrent credit checkouts: all accepted in {submitted.TotalMilliseconds:0} ms, all paid or rejected after {watch.Elapsed.TotalMilliseconds:0} ms (SQLite, in-memory bus, 2 shared cores).");

        Assert.Equal(8, outcomes.Count(o => o == "Paid"));
        Assert.Equal(4, outcomes.Count(o => o == "Rejected"));
        Assert.Equal(0, await world.CatalogStockAsync(listing));
        for (var i = 0; i < buyers.Count; i++)
        {
            var account = await world.AccountAsync(buyers[i].AccountId);
            Assert.Equal(outcomes[i] == "Paid" ? 1_500 : 0, account.GetProperty("pendingDebits").GetInt64());
            Assert.Equal(outcomes[i] == "Paid" ? 1 : 0, await world.SentAsync("ledger-hold-credits", orderIds[i]));
        }
    }
}
