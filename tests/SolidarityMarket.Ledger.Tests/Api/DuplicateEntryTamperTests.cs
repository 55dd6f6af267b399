using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Ledger.Features;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>
/// The journal has no unique index on <c>TransferId</c> (docs/adr/0011-ledger-journal-without-transfer-index.md): the
/// writer cannot post a transfer twice (the transfer row's primary key refuses it), and a second entry for one
/// transfer put into the database directly is named by <c>GET /api/ledger/verify</c>. Own host: it breaks the ledger.
/// </summary>
public sealed class DuplicateEntryTamperTests(LedgerHost host) : IClassFixture<LedgerHost>
{
    [Fact]
    public async Task A_second_entry_for_a_posted_transfer_inserted_directly_is_named_as_a_duplicate()
    {
        var a = await host.NewMemberAsync("food");
        var b = await host.NewMemberAsync("food");
        var first = await a.Client.PayOkAsync(a.AccountId, b.AccountId, 100);
        await b.Client.PayOkAsync(b.AccountId, a.AccountId, 30);
        Assert.True((await host.Admin.GetFromJsonAsync<VerifyLedger.ReportDto>("/api/ledger/verify"))!.Intact);

        // A copy of the first payment's entry (the one before the last in "food"), appended after the last.
        const string columns = "\"TransferId\", \"Kind\", \"Code\", \"DebitAccountId\", \"CreditAccountId\", \"Amount\", " +
            "\"RelatedTransferId\", \"PostedAt\", \"Memo\", \"OrderReference\", \"PreviousHash\", \"Hash\"";
        var inserted = await host.WithDbAsync(db => Task.FromResult(db.Database.ExecuteSqlRaw(
            $"INSERT INTO \"JournalEntries\" (\"ExchangeId\", \"Sequence\", {columns}) " +
            $"SELECT e.\"ExchangeId\", (SELECT MAX(m.\"Sequence\") FROM \"JournalEntries\" m WHERE m.\"ExchangeId\" = e.\"ExchangeId\") + 1, {columns} " +
            "FROM \"JournalEntries\" e WHERE e.\"ExchangeId\" = 'food' " +
            "AND e.\"Sequence\" = (SELECT MAX(m.\"Sequence\") - 1 FROM \"JournalEntries\" m WHERE m.\"ExchangeId\" = 'food')")));
        var report = (await host.Admin.GetFromJsonAsync<VerifyLedger.ReportDto>("/api/ledger/verify"))!;

        Assert.Equal(1, inserted);
        Assert.False(report.Intact);
        var duplicate = Assert.Single(report.Breaks, x => x.Kind == "DuplicateTransfer");
        Assert.Equal("food", duplicate.ExchangeId);
        Assert.Contains(first.Transfers[0].Id.ToString(), duplicate.Description, StringComparison.OrdinalIgnoreCase);
    }
}
