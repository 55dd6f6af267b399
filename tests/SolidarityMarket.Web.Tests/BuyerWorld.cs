using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Web.Tests;

/// <summary>What the buyer-page tests need of the world beyond the members'.</summary>
internal static class BuyerWorld
{
    /// <summary>
    /// Waits until Ordering has learnt, from Catalog's and Ledger's events, the listing as published and its vendor's
    /// credit account: before that a checkout with credits is refused.
    /// </summary>
    public static Task WaitUntilOrderingSellsAsync(this MarketWorld world, Guid listingId) =>
        Eventually.TrueAsync(
            async () =>
            {
                await using var scope = world.Factory.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
                var listing = await db.Listings.AsNoTracking().FirstOrDefaultAsync(l => l.ListingId == listingId && l.Status == "Published");
                return listing is not null && await db.CreditAccounts.AsNoTracking().AnyAsync(a => a.OwnerId == listing.VendorId);
            },
            TimeSpan.FromSeconds(60),
            $"Ordering's copies of listing {listingId} and its vendor's credit account");

    /// <summary>An account's balance and pending debits (held for orders) as the ledger has them, read by the administrator.</summary>
    public static async Task<(long Balance, long PendingDebits)> HeldAsync(this MarketWorld world, Guid accountId)
    {
        using var admin = await world.AdminAsync();
        using var account = JsonDocument.Parse(await admin.GetStringAsync(new Uri($"/api/ledger/accounts/{accountId}", UriKind.Relative)));
        return (account.RootElement.GetProperty("balance").GetInt64(), account.RootElement.GetProperty("pendingDebits").GetInt64());
    }
}
