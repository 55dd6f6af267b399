using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Tests.Messaging;

namespace SolidarityMarket.ServiceDefaults.Tests.Data;

/// <summary>
/// The request path's read contexts come from a pool: a returned context is handed out again, reset (nothing tracked),
/// it reads what other contexts committed after it was first used, and it has the durability settings of every
/// service connection.
/// </summary>
public sealed class ReadContextPoolTests
{
    [Fact]
    public async Task A_returned_context_is_reused_reset_and_reads_what_was_committed_since()
    {
        await using var host = await TestBusHost.StartAsync(Transport.InMemory);
        var pool = host.Services.GetRequiredService<ReadContextPool<TestServiceDbContext>>();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        await host.CreateWidgetAsync(first);

        TestServiceDbContext rented;
        await using (var db = pool.Rent())
        {
            rented = db;
            Assert.Equal(1, await db.Widgets.CountAsync(w => w.Id == first || w.Id == second));
            db.Widgets.Add(new Widget { Id = Guid.NewGuid() }); // tracked, never saved
        }

        await host.CreateWidgetAsync(second);

        await using (var db = pool.Rent())
        {
            Assert.Same(rented, db);
            Assert.Empty(db.ChangeTracker.Entries());
            Assert.Equal(2, await db.Widgets.CountAsync(w => w.Id == first || w.Id == second));
            Assert.Equal("wal", await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync());
        }
    }
}
