using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ordering.Tests.OrderingWorld;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>
/// TEST DOUBLE OF A RACE: just before a checkout's transaction starts, deletes the buyer's cart lines on another
/// connection, as the buyer's own <c>DELETE /cart/lines/{id}</c> would at that moment (after the checkout read them).
/// Armed per buyer, so other tests' checkouts are untouched.
/// </summary>
public sealed class CartLineDeletedJustBeforeCheckoutSaves : DbTransactionInterceptor
{
    private readonly HashSet<string> _armedBuyers = [];

    public void ArmFor(string buyerUserId)
    {
        lock (_armedBuyers)
        {
            _armedBuyers.Add(buyerUserId);
        }
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        var context = eventData.Context!;
        var checkout = context.ChangeTracker.Entries<Checkout>().FirstOrDefault(e => e.State == EntityState.Added)?.Entity;
        bool armed;
        lock (_armedBuyers)
        {
            armed = checkout is not null && _armedBuyers.Remove(checkout.BuyerUserId);
        }

        if (armed)
        {
            await using var other = (DbConnection)Activator.CreateInstance(connection.GetType())!;
            other.ConnectionString = context.Database.GetConnectionString();
            await other.OpenAsync(cancellationToken);
            await using var delete = other.CreateCommand();
            delete.CommandText = "DELETE FROM \"CartLines\" WHERE \"BuyerUserId\" = @buyer";
            var buyer = delete.CreateParameter();
            buyer.ParameterName = "@buyer";
            buyer.Value = checkout!.BuyerUserId;
            delete.Parameters.Add(buyer);
            Assert.Equal(1, await delete.ExecuteNonQueryAsync(cancellationToken));
        }

        return result;
    }
}

/// <summary>The embedded marketplace (SQLite) with <see cref="CartLineDeletedJustBeforeCheckoutSaves"/> on Ordering's context.</summary>
public sealed class CartRaceWorld : OrderingWorld
{
    public CartLineDeletedJustBeforeCheckoutSaves Race { get; } = new();

    protected override WebApplicationFactory<Program> Customize(MarketplaceFactory marketplace) =>
        marketplace.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.ConfigureDbContext<OrderingSqliteDbContext>(o => o.AddInterceptors(Race))));
}

public sealed class CheckoutCartRaceTests(CartRaceWorld world) : IClassFixture<CartRaceWorld>
{
    [Fact]
    public async Task A_cart_line_removed_while_its_checkout_is_saved_does_not_fail_the_checkout()
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, "Racing Cart Co-op");
        var listing = await world.CreateListingAsync(staff, vendorId, stock: 5);
        var buyer = await world.NewBuyerAsync();
        Assert.Equal(HttpStatusCode.OK, (await buyer.Client.PutAsJsonAsync($"/api/ordering/cart/lines/{listing}", new { quantity = 1 })).StatusCode);

        world.Race.ArmFor(buyer.UserId);
        var response = await buyer.Client.PostAsJsonAsync("/api/ordering/checkouts", Checkout("cart-race", [(listing, 1)], [Credits(vendorId, buyer.AccountId)]));

        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var orderId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orders")[0].GetProperty("id").GetGuid();
        Assert.True(await world.WithOrderingAsync(db => db.Orders.AnyAsync(o => o.Id == orderId)));
        Assert.Equal(0, (await buyer.Client.GetFromJsonAsync<JsonElement>("/api/ordering/cart")).GetProperty("lines").GetArrayLength());
    }
}
