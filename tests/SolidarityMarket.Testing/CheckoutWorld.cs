using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Testing;

/// <summary>
/// The marketplace a checkout benchmark or fault test talks to: where each service answers (one address when embedded, one per
/// process otherwise), and direct read access to Ordering's database (to observe orders reaching Paid) and to the
/// identity store (to make the administrator: no API grants the Admin role).
/// </summary>
public interface IMarketUnderTest
{
    Uri Catalog { get; }

    Uri Ordering { get; }

    Uri Ledger { get; }

    /// <summary>One line for the report: what runs where.</summary>
    string Describe { get; }

    Task<T> WithOrderingAsync<T>(Func<OrderingDbContext, Task<T>> read);

    Task WithAuthAsync(Func<AuthDbContext, Task> work);
}

/// <summary>A vendor's credit-priced listing with its initial stock, and a buyer (bearer token, ledger account).</summary>
public sealed record CheckoutVendor(Guid VendorId, Guid ListingId, Guid CreditAccountId, int Stock);

public sealed record CheckoutBuyer(string Token, Guid AccountId);

/// <summary>
/// What a credit checkout needs, set up through the real APIs as <c>OrderingWorld</c> does in the Ordering tests:
/// co-ops registered in Catalog (Ledger opens their credit accounts, Ordering copies vendors and accounts from the
/// events), one published good each with a stock (large unless the caller says otherwise) and a credit price, buyers who register, sign in and open a
/// member account in the food exchange (debit limit 0, as every account a member opens for themselves), and an
/// administrator who raises every account's limits (<c>PUT /api/ledger/accounts/{id}/limits</c>, audited) so that no
/// hold is refused for lack of room.
/// </summary>
public sealed class CheckoutWorld
{
    public const string Password = "Checkout-pass-2026!";
    public const int Stock = 1_000_000;

    /// <summary>1.00 credit (credit hundredths) per unit; every order is one unit.</summary>
    public const long PriceCredits = 100;

    public const long Limit = 1_000_000_000;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private CheckoutWorld(string adminToken, IReadOnlyList<CheckoutVendor> vendors, IReadOnlyList<CheckoutBuyer> buyers)
    {
        AdminToken = adminToken;
        Vendors = vendors;
        Buyers = buyers;
    }

    public string AdminToken { get; }

    public IReadOnlyList<CheckoutVendor> Vendors { get; }

    public IReadOnlyList<CheckoutBuyer> Buyers { get; }

    /// <param name="stockOf">Initial stock of vendor i's listing; <see cref="Stock"/> for every vendor when null.</param>
    public static async Task<CheckoutWorld> SetUpAsync(IMarketUnderTest market, HttpClient http, int vendorCount, int buyerCount, Func<int, int>? stockOf = null)
    {
        var admin = await SignUpAsync(market, http, "admin", grantAdmin: true);

        var vendors = new CheckoutVendor[vendorCount];
        await Parallel.ForEachAsync(Enumerable.Range(0, vendorCount), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var staff = await SignUpAsync(market, http, $"staff-{i}");
            var registered = await SendAsync(http, HttpMethod.Post, new Uri(market.Catalog, "/api/catalog/vendors"), staff, new
            {
                name = $"Checkout Bakers {i}",
                description = "Worker-owned bakery (test world)",
                category = "SolidarityEconomyInitiative",
                sector = "food",
                region = "North",
            }, HttpStatusCode.Created);
            var vendorId = registered.GetProperty("id").GetGuid();
            var listing = await SendAsync(http, HttpMethod.Post, new Uri(market.Catalog, $"/api/catalog/vendors/{vendorId}/listings"), staff, new
            {
                title = $"Sourdough loaf {i}",
                description = "Baked today",
                kind = "Good",
                sector = "food",
                category = "bakery",
                unit = "item",
                priceCents = (long?)null,
                priceCredits = PriceCredits,
                stock = stockOf?.Invoke(i) ?? Stock,
            }, HttpStatusCode.Created);
            var listingId = listing.GetProperty("id").GetGuid();
            await SendAsync(http, HttpMethod.Post, new Uri(market.Catalog, $"/api/catalog/listings/{listingId}/publish"), staff, null, expected: null);

            // Ordering learns the vendor, its credit account and the listing from Catalog's and Ledger's events.
            var account = await Eventually.GetAsync<CreditAccountCopy>(
                () => market.WithOrderingAsync(async db =>
                    await db.Vendors.AsNoTracking().AnyAsync(v => v.VendorId == vendorId)
                    && await db.Listings.AsNoTracking().AnyAsync(l => l.ListingId == listingId && l.Status == "Published")
                        ? await db.CreditAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.OwnerId == vendorId)
                        : null),
                Wait, $"Ordering's copies of vendor {vendorId}, its credit account and listing {listingId}");
            await RaiseLimitsAsync(market, http, admin, account.AccountId);
            vendors[i] = new CheckoutVendor(vendorId, listingId, account.AccountId, stockOf?.Invoke(i) ?? Stock);
        });

        var buyers = new CheckoutBuyer[buyerCount];
        await Parallel.ForEachAsync(Enumerable.Range(0, buyerCount), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var token = await SignUpAsync(market, http, $"buyer-{i}");
            var opened = await SendAsync(http, HttpMethod.Post, new Uri(market.Ledger, "/api/ledger/accounts"), token, new { exchangeId = "food" }, HttpStatusCode.Created);
            var accountId = opened.GetProperty("id").GetGuid();
            await RaiseLimitsAsync(market, http, admin, accountId);
            buyers[i] = new CheckoutBuyer(token, accountId);
        });

        return new CheckoutWorld(admin, vendors, buyers);
    }

    /// <summary>The checkout body: one unit of the vendor's listing, paid with credits from the buyer's account, a fresh key.</summary>
    public static object CheckoutBody(CheckoutVendor vendor, CheckoutBuyer buyer) => CheckoutBody(vendor, buyer, Guid.NewGuid().ToString("N"), 1);

    /// <summary>The checkout body with the client's idempotency key: <paramref name="quantity"/> units of the vendor's listing, paid with the buyer's credits.</summary>
    public static object CheckoutBody(CheckoutVendor vendor, CheckoutBuyer buyer, string key, int quantity) => new
    {
        idempotencyKey = key,
        lines = new[] { new { listingId = vendor.ListingId, quantity } },
        payments = new[] { new { vendorId = vendor.VendorId, method = "credits", payerAccountId = buyer.AccountId } },
    };

    /// <summary>Registers a user through <c>/api/auth/register</c> (optionally making it an administrator) and signs it in.</summary>
    private static async Task<string> SignUpAsync(IMarketUnderTest market, HttpClient http, string name, bool grantAdmin = false)
    {
        var email = $"checkout-{name}-{Guid.NewGuid():N}@test.coop";
        using (var registered = await http.PostAsJsonAsync(new Uri(market.Catalog, "/api/auth/register"), new { email, password = Password }))
        {
            await ExpectAsync(registered, HttpStatusCode.OK, "register");
        }

        if (grantAdmin)
        {
            var normalized = email.ToUpperInvariant();
            await market.WithAuthAsync(async db =>
            {
                var user = await db.Users.SingleAsync(u => u.NormalizedEmail == normalized);
                var role = await db.Roles.SingleAsync(r => r.Name == Roles.Admin);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role.Id });
                await db.SaveChangesAsync();
            });
        }

        using var login = await http.PostAsJsonAsync(new Uri(market.Catalog, "/api/auth/login"), new { email, password = Password });
        await ExpectAsync(login, HttpStatusCode.OK, "login");
        return (await login.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("accessToken").GetString()!;
    }

    private static async Task RaiseLimitsAsync(IMarketUnderTest market, HttpClient http, string admin, Guid accountId) =>
        await SendAsync(http, HttpMethod.Put, new Uri(market.Ledger, $"/api/ledger/accounts/{accountId}/limits"), admin,
            new { debitLimit = Limit, creditLimit = Limit, reason = "checkout test world" }, HttpStatusCode.OK);

    public static async Task<JsonElement> SendAsync(HttpClient http, HttpMethod method, Uri uri, string token, object? body, HttpStatusCode? expected)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        using var response = await http.SendAsync(request);
        await ExpectAsync(response, expected, $"{method} {uri.AbsolutePath}");
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Throws unless the answer is <paramref name="expected"/> (any success when null).</summary>
    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode? expected, string what)
    {
        if (expected is null ? !response.IsSuccessStatusCode : response.StatusCode != expected)
        {
            var text = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode} (expected {(expected is { } e ? ((int)e).ToString(System.Globalization.CultureInfo.InvariantCulture) : "2xx")}): {(text.Length > 300 ? text[..300] + "…" : text)}");
        }
    }
}
