using Microsoft.EntityFrameworkCore;
using Npgsql;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Catalog.Tests.Search;

/// <summary>
/// On PostgreSQL, <c>ListingFacetCounts</c> is kept by triggers, and one statement that changes several listings (the
/// vendor trigger copying a new region into all of a vendor's listings) moves counts between several cells. Two such
/// statements at once must not deadlock. Here two vendors share a region and own interleaved listings, so that one
/// vendor's listings meet the cells in the order X, Y, X, Y and the other's in the order Y, X, Y, X. A third
/// transaction holds cell X while the first move starts (and waits for X) and the second starts (and, with row-level
/// triggers, takes Y, then waits for X); then it commits. With row-level triggers the first move then took X and
/// waited for Y while the second held Y and waited for X: PostgreSQL aborted one with 40P01 (reproduced by hand with
/// psql on the earlier triggers). The statement-level triggers lock the cells in key order, so both moves wait for X
/// first and then run one after the other. The moves run on plain connections (no retrying execution strategy), so
/// a deadlock fails the test; the waits are observed in <c>pg_stat_activity</c>, not timed.
/// </summary>
public sealed class PostgresFacetCountConcurrencyTests(PostgresCatalogHost host) : IClassFixture<PostgresCatalogHost>
{
    [Fact]
    public async Task Two_vendors_moving_region_at_once_do_not_deadlock_on_the_facet_counts()
    {
        await host.StartAsync();
        var (staffA, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (staffB, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var a = (await staffA.RegisterVendorAsync("Harbour Bakers")).Id;
        var b = (await staffB.RegisterVendorAsync("Quay Bakers")).Id;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (from, to) = ($"Harbour {suffix}", $"Quay {suffix}");
        var connectionString = await host.WithCatalogAsync(async db =>
        {
            await db.Vendors.Where(v => v.Id == a || v.Id == b).ExecuteUpdateAsync(s => s.SetProperty(v => v.Region, from));
            // One SaveChanges per listing, so they are stored (and later updated) in this order: a X, b Y, a Y, b X, ...
            for (var i = 0; i < 8; i++)
            {
                var vendor = i % 2 == 0 ? a : b;
                var inX = (i / 2 % 2 == 0) == (vendor == a); // cell X: under $10; cell Y: $10-25
                var now = host.Clock.GetUtcNow();
                db.Listings.Add(new Listing
                {
                    Id = Guid.CreateVersion7(), VendorId = vendor, Title = $"Crate {suffix} {i}", Description = "A wooden crate.", Kind = ListingKind.Good,
                    Sector = "food", Category = "bakery", Unit = "item", PriceCents = inX ? 500 : 1_500, Stock = 1, Status = ListingStatus.Published,
                    VendorName = "Bakers", VendorRegion = from, CreatedAt = now, UpdatedAt = now,
                });
                await db.SaveChangesAsync();
            }

            return db.Database.GetConnectionString()!;
        });

        await using var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync();
        await using var holding = await holder.BeginTransactionAsync();
        await using (var lockX = new NpgsqlCommand("""
            SELECT "Count" FROM catalog."ListingFacetCounts" WHERE "Sector" = 'food' AND "Region" = @region
              AND "CertifiedUntil" = '-infinity' AND NOT "AcceptsCredits" AND "PriceBand" = 1 FOR UPDATE
            """, holder, holding))
        {
            lockX.Parameters.AddWithValue("region", from);
            Assert.Equal(4, Convert.ToInt32(await lockX.ExecuteScalarAsync()));
        }

        // Its own connection: pg_stat_activity is read once per transaction.
        await using var observer = new NpgsqlConnection(connectionString);
        await observer.OpenAsync();
        var moveA = await StartMoveAsync(connectionString, a, to);
        await WaitUntilWaitingForALockAsync(observer, moveA.ProcessId);
        var moveB = await StartMoveAsync(connectionString, b, to);
        await WaitUntilWaitingForALockAsync(observer, moveB.ProcessId);
        await holding.CommitAsync();

        var updated = await Task.WhenAll(moveA.Update, moveB.Update);
        Assert.Equal([1, 1], updated);
        var moved = await host.Anonymous().SearchAsync($"region={Uri.EscapeDataString(to)}&pageSize=1");
        Assert.Equal((8, 4, 4), (moved.Total, moved.Facets.PriceBand.Counts()["under-10"], moved.Facets.PriceBand.Counts()["10-25"]));
        Assert.Equal(0, (await host.Anonymous().SearchAsync($"region={Uri.EscapeDataString(from)}&pageSize=1")).Total);
    }

    private sealed record Move(int ProcessId, Task<int> Update);

    /// <summary>Starts changing the vendor's region on its own connection (the statement the vendor trigger extends to its listings).</summary>
    private static async Task<Move> StartMoveAsync(string connectionString, Guid vendor, string region)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var command = new NpgsqlCommand("""UPDATE catalog."Vendors" SET "Region" = @region WHERE "Id" = @id""", connection);
        command.Parameters.AddWithValue("region", region);
        command.Parameters.AddWithValue("id", vendor);
        return new Move(connection.ProcessID, RunAsync());

        async Task<int> RunAsync()
        {
            await using (connection)
            await using (command)
            {
                return await command.ExecuteNonQueryAsync();
            }
        }
    }

    /// <summary>Polls <c>pg_stat_activity</c> until the backend waits for a lock (a condition, not a delay).</summary>
    private static async Task WaitUntilWaitingForALockAsync(NpgsqlConnection observer, int processId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var command = new NpgsqlCommand("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = @pid", observer);
        command.Parameters.AddWithValue("pid", processId);
        while (await command.ExecuteScalarAsync(timeout.Token) is not true)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }
}
