using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Ledger.Features;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>A journal entry changed directly in the database is named by <c>GET /api/ledger/verify</c>. Own host: it breaks the ledger.</summary>
public sealed class TamperTests(LedgerHost host) : IClassFixture<LedgerHost>
{
    [Fact]
    public async Task Changing_one_stored_entrys_amount_is_named_by_exchange_and_sequence()
    {
        var a = await host.NewMemberAsync("food");
        var b = await host.NewMemberAsync("food");
        await a.Client.PayOkAsync(a.AccountId, b.AccountId, 100);
        await b.Client.PayOkAsync(b.AccountId, a.AccountId, 30);
        await a.Client.PayOkAsync(a.AccountId, b.AccountId, 5);
        var intact = (await host.Admin.GetFromJsonAsync<VerifyLedger.ReportDto>("/api/ledger/verify"))!;
        Assert.True(intact.Intact);

        var changed = await host.WithDbAsync(db => Task.FromResult(db.Database.ExecuteSqlRaw(
            "UPDATE \"JournalEntries\" SET \"Amount\" = \"Amount\" + 1 WHERE \"Sequence\" = 2 AND \"ExchangeId\" = 'food'")));
        var report = (await host.Admin.GetFromJsonAsync<VerifyLedger.ReportDto>("/api/ledger/verify"))!;

        Assert.Equal(1, changed);
        Assert.False(report.Intact);
        var hash = Assert.Single(report.Breaks, x => x.Kind == "HashMismatch");
        Assert.Equal(("food", 2L), (hash.ExchangeId, hash.Sequence));
        Assert.Contains("food", hash.Description, StringComparison.Ordinal);
        Assert.Contains("#2", hash.Description, StringComparison.Ordinal);
        // The replay of entries no longer matches the stored balances of both accounts of that entry.
        Assert.Equal(
            new[] { a.AccountId, b.AccountId }.Order(),
            report.Breaks.Where(x => x.Kind == "BalanceMismatch").Select(x => x.AccountId!.Value).Order());
        Assert.All(report.Breaks, x => Assert.True(x.ExchangeId is null or "food", x.Description));
    }
}
