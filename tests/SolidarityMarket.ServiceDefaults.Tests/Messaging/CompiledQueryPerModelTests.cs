using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.ServiceDefaults.Tests.Messaging;

/// <summary>
/// The inbox check, the relay's reads and Ordering's order look-up are compiled queries shared by every context of a
/// type. One process can hold two models of one base context type (the SQLite and PostgreSQL subclasses in the
/// tests): each must get its own compiled delegate, since EF refuses to run one compiled query on a second model.
/// </summary>
public sealed class CompiledQueryPerModelTests
{
    private static readonly CompiledQueryPerModel<Func<TestServiceDbContext, Guid, string, CancellationToken, Task<bool>>> Processed = new(() =>
        EF.CompileAsyncQuery((TestServiceDbContext db, Guid id, string consumer, CancellationToken ct) =>
            db.Set<InboxMessage>().Any(m => m.MessageId == id && m.Consumer == consumer)));

    [Fact]
    public async Task One_compiled_query_per_model_answers_on_two_models_of_one_context_type()
    {
        await using var a = await OpenAsync<TestSqliteDbContext>(o => new TestSqliteDbContext(o));
        await using var b = await OpenAsync<TestPostgresDbContext>(o => new TestPostgresDbContext(o));
        Assert.NotSame(a.Context.Model, b.Context.Model);
        var id = Guid.NewGuid();
        a.Context.InboxMessages.Add(new InboxMessage { MessageId = id, Consumer = "c", ProcessedAt = DateTimeOffset.UtcNow });
        await a.Context.SaveChangesAsync(TestContext.Current.CancellationToken);

        for (var round = 0; round < 2; round++)
        {
            Assert.True(await Processed.For(a.Context)(a.Context, id, "c", TestContext.Current.CancellationToken));
            Assert.False(await Processed.For(b.Context)(b.Context, id, "c", TestContext.Current.CancellationToken));
            Assert.False(await Processed.For(a.Context)(a.Context, id, "other", TestContext.Current.CancellationToken));
        }

        // What the per-model delegates avoid: a single compiled query, bound to the first model, refuses the second.
        var single = EF.CompileAsyncQuery((TestServiceDbContext db, Guid messageId) => db.Set<InboxMessage>().Any(m => m.MessageId == messageId));
        Assert.True(await single(a.Context, id));
        await Assert.ThrowsAsync<InvalidOperationException>(() => single(b.Context, id));
    }

    private static async Task<Open> OpenAsync<TContext>(Func<DbContextOptions<TContext>, TestServiceDbContext> create)
        where TContext : DbContext
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var context = create(new DbContextOptionsBuilder<TContext>().UseSqlite(connection).Options);
        await context.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        return new Open(connection, context);
    }

    private sealed record Open(SqliteConnection Connection, TestServiceDbContext Context) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Context.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
