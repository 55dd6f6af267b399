using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ordering.Tests.OrderingWorld;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>The same marketplace on PostgreSQL (a fresh database), as servers run it: the provider-specific parts
/// (staff ids as an array column, concurrency tokens, idempotency unique index) behave as on SQLite.</summary>
public class PostgresWorld : OrderingWorld
{
    public PostgresWorld()
        : base(new Dictionary<string, string?> { ["Database:Provider"] = "Postgres", ["Database:MigrateOnStartup"] = "true" })
    {
    }

    protected override async Task<Dictionary<string, string?>> MoreSettingsAsync() =>
        new() { ["ConnectionStrings:Default"] = await TestServers.RequirePostgresAsync("ordering") };
}

public sealed class PostgresOrderFlowTests(PostgresWorld world) : IClassFixture<PostgresWorld>
{
    [Fact]
    public async Task On_PostgreSQL_a_credits_order_goes_from_checkout_to_completed_and_a_key_replay_answers_the_same_checkout()
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, "Postgres Bakers");
        var listing = await world.CreateListingAsync(staff, vendorId, stock: 2);
        var buyer = await world.NewBuyerAsync();
        var body = Checkout("pg-key", [(listing, 1)], [Credits(vendorId, buyer.AccountId)]);

        var first = await (await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", body)).Content.ReadFromJsonAsync<JsonElement>();
        var replay = await (await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", body)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("id").GetGuid(), replay.GetProperty("id").GetGuid());
        // The first answer is built from what was saved, the replay from what PostgreSQL (microseconds) gives back: same instants.
        Assert.Equal(first.GetProperty("createdAt").GetRawText(), replay.GetProperty("createdAt").GetRawText());
        Assert.Equal(first.GetProperty("orders")[0].GetProperty("createdAt").GetRawText(), replay.GetProperty("orders")[0].GetProperty("createdAt").GetRawText());
        Assert.Equal(first.GetProperty("orders")[0].GetProperty("lines").GetRawText(), replay.GetProperty("orders")[0].GetProperty("lines").GetRawText());
        var orderId = first.GetProperty("orders")[0].GetProperty("id").GetGuid();

        await world.OrderReachesAsync(orderId, "Paid");
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/ordering/orders/{orderId}/fulfil", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await buyer.Client.PostAsync($"/api/ordering/orders/{orderId}/confirm-receipt", null)).StatusCode);

        await Eventually.TrueAsync(async () => (await world.AccountAsync(buyer.AccountId)).GetProperty("balance").GetInt64() == -1_500, Wait, "the credits to be posted");
        Assert.Equal(1, await world.CatalogStockAsync(listing));
        Assert.Single((await staff.GetFromJsonAsync<List<JsonElement>>($"/api/ordering/vendors/{vendorId}/orders?status=Completed"))!);
    }

    [Fact]
    public async Task On_PostgreSQL_a_stock_rejection_of_ten_lines_rejects_the_order_with_its_reason_cut_to_the_column()
    {
        // An order still Submitted (written directly: a real checkout would race Catalog's real answer).
        var orderId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await world.WithOrderingAsync(async db =>
        {
            db.Orders.Add(new Order
            {
                Id = orderId, CheckoutId = Guid.NewGuid(), BuyerUserId = "buyer-ten-lines", VendorId = Guid.NewGuid(), PaymentMethod = PaymentMethod.Credits,
                Status = OrderStatus.Submitted, Total = 1_000, PayerAccountId = Guid.NewGuid(), PayeeAccountId = Guid.NewGuid(), CreatedAt = now, UpdatedAt = now,
            });
            return await db.SaveChangesAsync();
        });

        // Ten rejected lines: "<listing id>: insufficient-stock" joined is about 580 characters, the column holds 500.
        var lines = Enumerable.Range(0, 10).Select(_ => new RejectedStockLine(Guid.NewGuid(), "insufficient-stock")).ToList();
        await world.Bus.Publish(new StockReservationRejected(orderId, lines, now));

        await Eventually.TrueAsync(() => world.WithOrderingAsync(db => db.Orders.AnyAsync(o => o.Id == orderId && o.Status == OrderStatus.Rejected)), Wait, "the order to be rejected");
        var reason = await world.WithOrderingAsync(db => db.OrderHistory.Where(h => h.OrderId == orderId && h.Status == OrderStatus.Rejected).Select(h => h.Reason).SingleAsync());
        Assert.Equal(OrderHistoryEntry.MaxReasonLength, reason!.Length);
        Assert.StartsWith($"{lines[0].ListingId}: insufficient-stock", reason, StringComparison.Ordinal);
        Assert.Equal(1, await world.WithOrderingAsync(db => db.OutboxMessages.CountAsync(m => m.MessageType.EndsWith(".OrderRejected") && m.Body.Contains(orderId.ToString()))));
    }
}
