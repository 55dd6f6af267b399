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
/// TEST DOUBLE OF A RACE: right after a checkout has looked its key up and found nothing, runs another request of the
/// same buyer to its end (<see cref="ArmFor"/>), as a second request with the same key arriving at that moment would
/// on another thread. So the first request meets the second's committed checkout only when it inserts its own.
/// Armed per buyer and once, so the second request and other tests' checkouts are untouched.
/// </summary>
public sealed class SameKeyCommittedJustAfterTheLookUp : DbCommandInterceptor
{
    private readonly Dictionary<string, Func<Task>> _armed = [];

    public void ArmFor(string buyerUserId, Func<Task> otherRequest)
    {
        lock (_armed)
        {
            _armed[buyerUserId] = otherRequest;
        }
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        if (!command.CommandText.Contains("\"Checkouts\" AS", StringComparison.Ordinal) || !command.CommandText.Contains("\"IdempotencyKey\" =", StringComparison.Ordinal))
        {
            return result;
        }

        Func<Task>? otherRequest = null;
        lock (_armed)
        {
            foreach (DbParameter parameter in command.Parameters)
            {
                if (parameter.Value is string buyer && _armed.Remove(buyer, out otherRequest))
                {
                    break;
                }
            }
        }

        if (otherRequest is not null)
        {
            await otherRequest();
        }

        return result;
    }
}

/// <summary>A marketplace whose Ordering context has <see cref="SameKeyCommittedJustAfterTheLookUp"/>.</summary>
public interface IKeyRaceWorld
{
    SameKeyCommittedJustAfterTheLookUp Race { get; }
}

/// <summary>The embedded marketplace (SQLite) with <see cref="SameKeyCommittedJustAfterTheLookUp"/> on Ordering's context.</summary>
public sealed class KeyRaceWorld : OrderingWorld, IKeyRaceWorld
{
    public SameKeyCommittedJustAfterTheLookUp Race { get; } = new();

    protected override WebApplicationFactory<Program> Customize(MarketplaceFactory marketplace) =>
        marketplace.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.ConfigureDbContext<OrderingSqliteDbContext>(o => o.AddInterceptors(Race))));
}

/// <summary>The same on PostgreSQL, where the refused insert also aborts the transaction it ran in.</summary>
public sealed class PostgresKeyRaceWorld : PostgresWorld, IKeyRaceWorld
{
    public SameKeyCommittedJustAfterTheLookUp Race { get; } = new();

    protected override WebApplicationFactory<Program> Customize(MarketplaceFactory marketplace) =>
        marketplace.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.ConfigureDbContext<OrderingPostgresDbContext>(o => o.AddInterceptors(Race))));
}

public sealed class CheckoutKeyRaceTests(KeyRaceWorld world) : CheckoutKeyRaces<KeyRaceWorld>(world), IClassFixture<KeyRaceWorld>;

public sealed class PostgresCheckoutKeyRaceTests(PostgresKeyRaceWorld world) : CheckoutKeyRaces<PostgresKeyRaceWorld>(world), IClassFixture<PostgresKeyRaceWorld>;

/// <summary>
/// Two checkouts with one key, the second committed between the first's look-up and its insert: the key's unique index
/// refuses the first's rows, and it answers as a retry would — the stored checkout for the same body, 409 for another.
/// Never a 500, never a second checkout, order or stock reservation.
/// </summary>
public abstract class CheckoutKeyRaces<TWorld>(TWorld world)
    where TWorld : OrderingWorld, IKeyRaceWorld
{
    private const string Path = "/api/ordering/checkouts";

    [Fact]
    public async Task The_same_key_and_body_committed_by_a_racing_request_answer_its_checkout_and_store_one_order()
    {
        var (vendorId, listing, buyer) = await SetUpAsync("Key Race Co-op");
        var body = Checkout("raced-key", [(listing, 1)], [Credits(vendorId, buyer.AccountId)]);
        HttpResponseMessage? second = null;
        world.Race.ArmFor(buyer.UserId, async () => second = await buyer.Client.PostAsJsonAsync(Path, body));

        var first = await buyer.Client.PostAsJsonAsync(Path, body);

        Assert.NotNull(second);
        Assert.True(first.StatusCode == HttpStatusCode.Created, $"{(int)first.StatusCode} {await first.Content.ReadAsStringAsync()}");
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(b.GetProperty("id").GetGuid(), a.GetProperty("id").GetGuid());
        var orderId = Assert.Single(a.GetProperty("orders").EnumerateArray()).GetProperty("id").GetGuid();
        Assert.Equal(b.GetProperty("orders")[0].GetProperty("id").GetGuid(), orderId);

        Assert.Equal(1, await world.WithOrderingAsync(db => db.Checkouts.CountAsync(c => c.BuyerUserId == buyer.UserId)));
        Assert.Equal(1, await world.WithOrderingAsync(db => db.Orders.CountAsync(o => o.BuyerUserId == buyer.UserId)));
        Assert.Equal(1, await world.SentAsync("catalog-reserve-stock", orderId));
        await world.OrderReachesAsync(orderId, "Paid");
        Assert.Equal(4, await world.CatalogStockAsync(listing));
        Assert.Equal(1_500, (await world.AccountAsync(buyer.AccountId)).GetProperty("pendingDebits").GetInt64());
    }

    [Fact]
    public async Task A_different_body_under_a_key_a_racing_request_committed_is_a_conflict_and_stores_nothing()
    {
        var (vendorId, listing, buyer) = await SetUpAsync("Key Clash Co-op");
        HttpResponseMessage? second = null;
        world.Race.ArmFor(buyer.UserId, async () => second = await buyer.Client.PostAsJsonAsync(Path, Checkout("clashing-key", [(listing, 1)], [Credits(vendorId, buyer.AccountId)])));

        var first = await buyer.Client.PostAsJsonAsync(Path, Checkout("clashing-key", [(listing, 2)], [Credits(vendorId, buyer.AccountId)]));

        Assert.NotNull(second);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, first.StatusCode);
        Assert.Equal("https://solidarity.market/problems/idempotency-key-reused", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        var order = Assert.Single(await world.WithOrderingAsync(db => db.Orders.Include(o => o.Lines).Where(o => o.BuyerUserId == buyer.UserId).ToListAsync()));
        Assert.Equal(1, Assert.Single(order.Lines).Quantity);
    }

    private async Task<(Guid VendorId, Guid Listing, Buyer Buyer)> SetUpAsync(string name)
    {
        var (staff, staffId) = await world.SignInAsync(Roles.Vendor);
        var vendorId = await world.RegisterVendorAsync(staff, staffId, name);
        var listing = await world.CreateListingAsync(staff, vendorId, stock: 5);
        return (vendorId, listing, await world.NewBuyerAsync());
    }
}
