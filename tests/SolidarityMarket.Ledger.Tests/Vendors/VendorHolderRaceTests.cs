using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.Ledger.Consumers;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Ledger.Tests.Vendors;

/// <summary>
/// Found by a review: the vendor's <c>VendorStaff</c> row was meant to serialise the account opening
/// (<see cref="OpenVendorAccount"/>) and a staff change (<see cref="FollowVendorStaff"/>) handled at once, but once a
/// change had overtaken the registration the opening only read the row, and the change read the vendor's accounts
/// before it wrote the row. On PostgreSQL (two Ledger processes, or two consumers of one) either could then commit
/// around the other: the account opened with the older list while the row said the newer, and whoever the newer list
/// removed held the co-op's account for good. Staged deterministically with a clock that runs the other consumer at
/// the consumer's last clock reading, just before its save. A consumer that loses is retried as the bus would.
/// SQLite takes the write lock at BEGIN, so its consumers never interleave.
/// </summary>
public sealed class VendorHolderRaceTests(VendorHolderRaceTests.PostgresLedger ledger) : IClassFixture<VendorHolderRaceTests.PostgresLedger>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_change_committed_while_the_registration_opens_the_account_still_decides_its_holders()
    {
        await ledger.StartAsync();
        var vendor = Guid.NewGuid();
        await FollowAsync(vendor, [$"{vendor:N}-v1"], 1, TimeProvider.System);
        var registration = Guid.NewGuid();

        // The opening has read the change of version 1; version 2 commits before the opening saves.
        var clock = new HookClock(readings: 2, () => FollowAsync(vendor, [$"{vendor:N}-v2a", $"{vendor:N}-v2b"], 2, TimeProvider.System));
        var opened = await Attempt(() => OpenAsync(vendor, registration, clock));
        Assert.True(clock.Fired);
        if (!opened)
        {
            await OpenAsync(vendor, registration, TimeProvider.System);
        }

        Assert.Equal([$"{vendor:N}-v2a", $"{vendor:N}-v2b"], await HoldersAsync(vendor));
        Assert.Equal(2, await StaffVersionAsync(vendor));
    }

    [Fact]
    public async Task A_registration_committed_after_a_change_read_the_accounts_still_gets_the_changes_holders()
    {
        await ledger.StartAsync();
        var vendor = Guid.NewGuid();
        await FollowAsync(vendor, [$"{vendor:N}-v1"], 1, TimeProvider.System);
        var registration = Guid.NewGuid();

        // The change of version 2 has read the vendor's accounts (none yet); the opening runs before the change saves,
        // and either commits (reading version 1) or waits for the change.
        Task<bool>? opening = null;
        var clock = new HookClock(readings: 2, async () =>
        {
            opening = Task.Run(() => Attempt(() => OpenAsync(vendor, registration, TimeProvider.System)));
            await Eventually.TrueAsync(async () => opening.IsCompleted || await ledger.SomeoneWaitsForALockAsync(), Timeout, "the opening to commit or to wait for the change");
        });
        await FollowAsync(vendor, [$"{vendor:N}-v2a", $"{vendor:N}-v2b"], 2, clock);
        Assert.True(clock.Fired);
        if (!await opening!)
        {
            await OpenAsync(vendor, registration, TimeProvider.System);
        }

        Assert.Equal([$"{vendor:N}-v2a", $"{vendor:N}-v2b"], await HoldersAsync(vendor));
        Assert.Equal(2, await StaffVersionAsync(vendor));
    }

    /// <summary>True when the delivery committed; false when it failed on a write conflict (the bus would retry it).</summary>
    private static async Task<bool> Attempt(Func<Task> delivery)
    {
        try
        {
            await delivery();
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    private async Task OpenAsync(Guid vendor, Guid messageId, TimeProvider clock)
    {
        await using var scope = ledger.Factory.Services.CreateAsyncScope();
        var consumer = new OpenVendorAccount(
            scope.ServiceProvider.GetRequiredService<LedgerDbContext>(), clock,
            scope.ServiceProvider.GetRequiredService<IOptions<LedgerOptions>>(), NullLogger<OpenVendorAccount>.Instance);
        var message = new VendorRegistered(vendor, "Racing Holders Co-op", "SolidarityEconomyInitiative", "food", [$"{vendor:N}-v0"], DateTimeOffset.UtcNow, VettedByAdministrator: true);
        await consumer.Consume(StagedDelivery.Of(message, messageId));
    }

    private async Task FollowAsync(Guid vendor, string[] staff, int version, TimeProvider clock)
    {
        await using var scope = ledger.Factory.Services.CreateAsyncScope();
        var consumer = new FollowVendorStaff(scope.ServiceProvider.GetRequiredService<LedgerDbContext>(), clock, NullLogger<FollowVendorStaff>.Instance);
        await consumer.Consume(StagedDelivery.Of(new VendorStaffChanged(vendor, staff, version, DateTimeOffset.UtcNow), Guid.NewGuid()));
    }

    private Task<List<string>> HoldersAsync(Guid vendor) => ledger.WithDbAsync(db =>
        db.Accounts.AsNoTracking().Where(a => a.OwnerId == vendor).SelectMany(a => a.Holders).Select(h => h.UserId).OrderBy(u => u).ToListAsync());

    private Task<int> StaffVersionAsync(Guid vendor) => ledger.WithDbAsync(db =>
        db.VendorStaff.AsNoTracking().Where(s => s.VendorId == vendor).Select(s => s.StaffVersion).SingleAsync());

    /// <summary>Runs <c>hook</c> (once, to its end) at the <c>readings</c>-th reading of the clock, then answers the time.</summary>
    private sealed class HookClock(int readings, Func<Task> hook) : TimeProvider
    {
        private int _count;

        public bool Fired => Volatile.Read(ref _count) >= readings;

        public override DateTimeOffset GetUtcNow()
        {
            if (Interlocked.Increment(ref _count) == readings)
            {
                Task.Run(hook).GetAwaiter().GetResult();
            }

            return System.GetUtcNow();
        }
    }

    /// <summary>A ledger alone on a fresh PostgreSQL database, started by the first test and dropped afterwards.</summary>
    public sealed class PostgresLedger : IAsyncDisposable
    {
        private string? _connection;
        private MarketplaceFactory? _factory;

        public MarketplaceFactory Factory => _factory ?? throw new InvalidOperationException("Not started.");

        public async Task StartAsync()
        {
            if (_factory is not null)
            {
                return;
            }

            _connection = await TestServers.RequirePostgresAsync("vendorholders");
            _factory = new MarketplaceFactory(new Dictionary<string, string?>
            {
                ["Modules"] = "Ledger",
                ["Database:Provider"] = "Postgres",
                ["Database:MigrateOnStartup"] = "true",
                ["ConnectionStrings:Default"] = _connection,
            });
            _ = _factory.Services;
        }

        public async Task<T> WithDbAsync<T>(Func<LedgerDbContext, Task<T>> read)
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            return await read(scope.ServiceProvider.GetRequiredService<LedgerDbContext>());
        }

        /// <summary>Whether a session on the ledger's database waits for a row lock another transaction holds.</summary>
        public async Task<bool> SomeoneWaitsForALockAsync()
        {
            await using var connection = new NpgsqlConnection(_connection);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock')";
            return (bool)(await command.ExecuteScalarAsync())!;
        }

        public async ValueTask DisposeAsync()
        {
            if (_factory is not null)
            {
                await _factory.DisposeAsync();
            }

            if (_connection is not null)
            {
                await TestServers.DropPostgresAsync(new NpgsqlConnectionStringBuilder(_connection).Database!);
            }
        }
    }
}
