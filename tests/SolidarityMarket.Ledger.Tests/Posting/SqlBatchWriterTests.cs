using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Posting;
using SolidarityMarket.ServiceDefaults.Messaging;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ledger.Tests.Posting.LedgerDbAccess;

namespace SolidarityMarket.Ledger.Tests.Posting;

/// <summary>
/// The batched SQL write path (ADR 0007) on both providers it runs on: the rows it writes read back through EF
/// exactly as given (so it stores what EF would store), and a guarded row that someone else changed fails the
/// whole batch with nothing of it left behind.
/// </summary>
/// <remarks>
/// Runs alone (<see cref="AloneCollection"/>): Hangfire keeps one process-wide log provider, set by the host that
/// configured it last; a host starting while another test's host is being disposed can pick up that disposed
/// logger and fail to start. These hosts start slowly (PostgreSQL migrations), which made that race show.
/// </remarks>
[Collection(AloneCollection.Name)]
public sealed class SqlBatchWriterTests(SqlBatchWriterTests.Hosts hosts) : IClassFixture<SqlBatchWriterTests.Hosts>
{
    public static TheoryData<string> Providers => ["Sqlite", "Postgres"];

    /// <summary>The batched writer on both providers, and EF's writer (SQL Server's path) where it can run here.</summary>
    public static TheoryData<string, bool> Writers => new() { { "Sqlite", false }, { "Postgres", false }, { "Sqlite", true } };

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task Rows_written_in_batch_read_back_through_EF_field_for_field(string provider, bool throughEf)
    {
        var factory = await hosts.GetAsync(provider);
        var account = await SeedAccountAsync(factory);
        var chain = "x-" + Guid.NewGuid().ToString("N");
        var (transfers, entries, outbox) = SampleRows(account.Id, chain);

        await WriteAsync(factory, throughEf, rows =>
        {
            rows.NewTransfers.AddRange(transfers);
            rows.Entries.AddRange(entries);
            rows.Outbox.AddRange(outbox);
        });

        await WithDbAsync(factory, async db =>
        {
            var ids = transfers.Select(t => t.Id).ToList();
            var stored = await db.Transfers.AsNoTracking().Where(t => ids.Contains(t.Id)).OrderBy(t => t.RequestAmount).ToListAsync();
            Assert.Equal(Json(transfers), Json(stored));
            var storedEntries = await db.Journal.AsNoTracking().Where(e => e.ExchangeId == chain).OrderBy(e => e.Sequence).ToListAsync();
            Assert.Equal(Json(entries), Json(storedEntries));
            var messageIds = outbox.Select(m => m.Id).ToList();
            var storedOutbox = await db.OutboxMessages.AsNoTracking().Where(m => messageIds.Contains(m.Id)).ToListAsync();
            Assert.Equal(Json(outbox.OrderBy(m => m.Id)), Json(storedOutbox.OrderBy(m => m.Id)));
            return true;
        });
    }

    /// <summary>
    /// On SQLite the writer binds values itself, by position (<see cref="SqliteRowStatement"/>). Reading back
    /// through EF would forgive a different storage class or a lower-case GUID in places, so here every column of
    /// every row is compared, storage class and value, with the value as EF's own parameter binds it.
    /// </summary>
    [Fact]
    public async Task Sqlite_rows_store_each_value_with_the_storage_class_and_text_EF_binds()
    {
        var factory = await hosts.GetAsync("Sqlite");
        var account = await SeedAccountAsync(factory);
        var chain = "s-" + Guid.NewGuid().ToString("N");
        var (transfers, entries, outbox) = SampleRows(account.Id, chain);
        var changed = account.ToDomain() with { Balance = -250, PendingDebits = 30, Status = AccountStatus.Frozen, Version = 2 };
        await WriteAsync(factory, false, rows =>
        {
            rows.NewTransfers.AddRange(transfers);
            rows.Entries.AddRange(entries);
            rows.Outbox.AddRange(outbox);
            rows.Accounts.Add((Copy(account), changed));
        });

        var stored = await WithDbAsync(factory, db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == account.Id));
        Assert.Equal((-250L, AccountStatus.Frozen, 2L), (stored.Balance, stored.Status, stored.Version));
        var mismatches = await WithDbAsync(factory, async db =>
        {
            var found = new List<string>();
            found.AddRange(await MismatchesAsync(db, transfers.Cast<object>().Append(stored), "Id"));
            found.AddRange(await MismatchesAsync(db, entries, "TransferId"));
            found.AddRange(await MismatchesAsync(db, outbox, "Id"));
            return found;
        });
        Assert.Empty(mismatches);
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task An_account_changed_since_it_was_read_fails_the_batch_and_leaves_nothing(string provider, bool throughEf)
    {
        var factory = await hosts.GetAsync(provider);
        var account = await SeedAccountAsync(factory);
        var (transfers, _, _) = SampleRows(account.Id, "unused");

        // First change: from version 1 to 2, as the writer would write it.
        await WriteAsync(factory, throughEf, rows => rows.Accounts.Add((Copy(account), account.ToDomain() with { Balance = -500, Version = 2 })));
        var changed = await WithDbAsync(factory, db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == account.Id));
        Assert.Equal((-500L, 2L), (changed.Balance, changed.Version));

        // A second batch that still believes in version 1 must not overwrite version 2, nor keep its other rows.
        var stale = await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => WriteAsync(factory, throughEf, rows =>
        {
            rows.NewTransfers.Add(transfers[0]);
            rows.Accounts.Add((Copy(account), account.ToDomain() with { Balance = 700, Version = 2 }));
        }));
        Assert.True(throughEf || stale.Message.Contains("expected state", StringComparison.Ordinal), stale.Message);
        await WithDbAsync(factory, async db =>
        {
            var kept = await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == account.Id);
            Assert.Equal((-500L, 2L), (kept.Balance, kept.Version));
            Assert.False(await db.Transfers.AnyAsync(t => t.Id == transfers[0].Id));
            return true;
        });
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_journal_head_that_moved_fails_the_batch_so_the_chain_cannot_fork(string provider)
    {
        var factory = await hosts.GetAsync(provider);
        var food = await WithDbAsync(factory, db => db.Exchanges.AsNoTracking().SingleAsync(x => x.Id == "food"));
        var next = new JournalHead("food", food.LastSequence + 1, Hash256.FromHex(new string('a', 64)));
        await WriteAsync(factory, false, rows => rows.Heads.Add((food, next)));

        // The same old head again: another writer already continued the chain from it.
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() =>
            WriteAsync(factory, false, rows => rows.Heads.Add((food, next with { LastSequence = next.LastSequence + 1 }))));
        var stored = await WithDbAsync(factory, db => db.Exchanges.AsNoTracking().SingleAsync(x => x.Id == "food"));
        Assert.Equal(next.LastSequence, stored.LastSequence);
        Assert.Equal(next.LastHash, Hash256.FromBytes(stored.LastHash));
    }

    /// <summary>One ledger host per provider for the whole class; each test works on rows of its own.</summary>
    public sealed class Hosts : IAsyncDisposable
    {
        private readonly Dictionary<string, MarketplaceFactory> _started = [];

        public async Task<MarketplaceFactory> GetAsync(string provider)
        {
            if (_started.TryGetValue(provider, out var started))
            {
                return started;
            }

            var settings = new Dictionary<string, string?> { ["Modules"] = "Ledger" };
            if (provider == "Postgres")
            {
                settings["Database:Provider"] = "Postgres";
                settings["Database:MigrateOnStartup"] = "true";
                settings["ConnectionStrings:Default"] = await TestServers.RequirePostgresAsync("batchwriter");
            }

            var factory = new MarketplaceFactory(settings);
            _ = factory.Services;
            _started[provider] = factory;
            return factory;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var factory in _started.Values)
            {
                await factory.DisposeAsync();
            }
        }
    }

    private static async Task WriteAsync(MarketplaceFactory factory, bool throughEf, Action<BatchRows> fill)
    {
        var rows = new BatchRows();
        fill(rows);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        Assert.True(SqlBatchWriter.Supports(db));
        await using var transaction = await db.Database.BeginTransactionAsync();
        IBatchWriter writer = throughEf ? new EfBatchWriter(db) : new SqlBatchWriter(db);
        await writer.WriteAsync(rows, CancellationToken.None);
        await transaction.CommitAsync();
    }

    private static async Task<Account> SeedAccountAsync(MarketplaceFactory factory) => await WithDbAsync(factory, async db =>
    {
        var account = new Account
        {
            Id = Guid.NewGuid(), OwnerId = Guid.NewGuid(), Kind = AccountKind.Member, ExchangeId = "food", Name = "batch writer",
            DebitLimit = 1_000, CreditLimit = 2_000, Status = AccountStatus.Active, Version = 1, OpenedAt = DateTimeOffset.UtcNow,
        };
        db.Accounts.Add(account);
        await db.SaveChangesAsync();
        return Copy(account);
    });

    private static Account Copy(Account a) => new()
    {
        Id = a.Id, OwnerId = a.OwnerId, Kind = a.Kind, ExchangeId = a.ExchangeId, Name = a.Name, Balance = a.Balance,
        PendingDebits = a.PendingDebits, PendingCredits = a.PendingCredits, DebitLimit = a.DebitLimit, CreditLimit = a.CreditLimit,
        Status = a.Status, Version = a.Version, OpenedAt = a.OpenedAt,
    };

    /// <summary>Rows with every column set, nullable ones both null and not, text with non-ASCII characters.</summary>
    private static (List<TransferRecord>, List<JournalEntryRecord>, List<OutboxMessage>) SampleRows(Guid account, string chain)
    {
        var at = LedgerTime.Normalize(new DateTimeOffset(2026, 3, 1, 9, 30, 15, TimeSpan.Zero).AddTicks(1234560));
        var transfers = Enumerable.Range(1, 3).Select(i => new TransferRecord
        {
            Id = Guid.NewGuid(), Kind = i == 2 ? TransferKind.Pending : TransferKind.Direct, RequestDebitAccountId = account,
            RequestCreditAccountId = Guid.NewGuid(), RequestAmount = i * 1_000, Code = TransferCode.Trade, Memo = $"été {i} — ok",
            RequestCode = i == 1 ? null : TransferCode.Fee, RequestOrderReference = i == 3 ? $"ordre-{i} é" : null,
            OrderReference = i == 1 ? null : $"order-{i}", TimeoutTicks = i == 2 ? TimeSpan.FromHours(5).Ticks : null,
            PendingId = i == 3 ? Guid.NewGuid() : null, ExchangeId = "food", DebitAccountId = account, CreditAccountId = Guid.NewGuid(),
            Amount = i * 1_000, CreatedAt = at, ExpiresAt = i == 2 ? at.AddHours(5) : null,
            HoldStatus = i == 2 ? HoldStatus.Open : HoldStatus.NotAHold, ResolvedById = i == 3 ? Guid.NewGuid() : null,
            ResolvedAt = i == 3 ? at : null, PostedAmount = i == 3 ? 7 : 0, JournalSequence = i == 2 ? null : i,
            TradeId = Guid.NewGuid(), TradeRole = TradeLegRole.Fee, TradeFeeBasisPoints = i == 1 ? null : 150,
        }).ToList();
        var entries = Enumerable.Range(1, 2).Select(i => new JournalEntryRecord
        {
            ExchangeId = chain, Sequence = i, TransferId = Guid.NewGuid(), Kind = TransferKind.PostPending, Code = TransferCode.Clearing,
            DebitAccountId = account, CreditAccountId = Guid.NewGuid(), Amount = long.MaxValue - i, RelatedTransferId = Guid.NewGuid(),
            PostedAt = at, Memo = "ü", OrderReference = i == 1 ? null : "o", PreviousHash = [.. Enumerable.Repeat((byte)i, 32)],
            Hash = [.. Enumerable.Range(0, 32).Select(b => (byte)(b * i))],
        }).ToList();
        // Marked sent, so the running host's relay leaves these made-up messages alone.
        var outbox = new List<OutboxMessage>
        {
            new() { Id = Guid.CreateVersion7(at), MessageType = "Some.Type", Body = "{\"a\":1}", CreatedAt = at, NextAttemptAt = at, SentAt = at },
            new() { Id = Guid.CreateVersion7(at), MessageType = "Other", Body = "{}", Destination = "queue", CreatedAt = at, NextAttemptAt = at.AddSeconds(1), SentAt = at, Attempts = 2, LastError = "x", LockToken = Guid.NewGuid(), LockedUntil = at },
        };
        return (transfers, entries, outbox);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    /// <summary>
    /// For each row and column: is the stored value of the same SQLite storage class as, and <c>IS</c>, the value
    /// EF's type mapping binds for the row's property? Names each column that is not.
    /// </summary>
    private static async Task<List<string>> MismatchesAsync(LedgerDbContext db, IEnumerable<object> rows, string key)
    {
        var found = new List<string>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        foreach (var row in rows)
        {
            var table = SqlTable.For(db, row.GetType());
            foreach (var property in table.Properties)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT COUNT(*) FROM {table.Name} WHERE {table.Column(key)} = @key " +
                    $"AND typeof({table.Column(property)}) = typeof(@value) AND {table.Column(property)} IS @value";
                command.Parameters.Add(table.Parameter(command, key, "@key", row.GetType().GetProperty(key)!.GetValue(row)));
                command.Parameters.Add(table.Parameter(command, property, "@value", row.GetType().GetProperty(property)!.GetValue(row)));
                if (Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) != 1)
                {
                    found.Add($"{table.Name}.{property} of {row.GetType().GetProperty(key)!.GetValue(row)}");
                }
            }
        }

        return found;
    }
}

/// <summary>Test classes that must not start hosts while other tests' hosts start or stop.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Ledger hosts started alone";
}
