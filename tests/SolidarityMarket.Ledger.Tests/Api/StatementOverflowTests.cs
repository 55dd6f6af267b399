using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Features;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>
/// A statement's opening balance for an account whose credits (and debits) add up past a 64-bit integer while its
/// balance stays small, as a busy system account's do over the years. Its own host: the journal rows written here
/// by hand are not a chain the verifier would accept.
/// </summary>
public sealed class StatementOverflowTests(LedgerHost host) : IClassFixture<LedgerHost>
{
    [Fact]
    public async Task The_opening_balance_is_exact_when_credits_and_debits_each_add_up_past_a_long()
    {
        var account = await host.NewMemberAsync();
        var other = await host.NewMemberAsync();
        const long Huge = 4_000_000_000_000_000_000; // three of them pass long.MaxValue (about 9.2e18)
        var amounts = new[] { Huge, -Huge, Huge, -Huge, Huge, -Huge, 1_234 }; // every balance on the way fits a long
        await host.WithDbAsync(async db =>
        {
            var last = await db.Journal.Where(e => e.ExchangeId == "food").MaxAsync(e => (long?)e.Sequence) ?? 0;
            foreach (var (amount, n) in amounts.Select((a, n) => (a, n)))
            {
                db.Journal.Add(new JournalEntryRecord
                {
                    ExchangeId = "food", Sequence = last + 1 + n, TransferId = Guid.NewGuid(), Kind = TransferKind.Direct, Code = TransferCode.Adjustment,
                    DebitAccountId = amount > 0 ? other.AccountId : account.AccountId, CreditAccountId = amount > 0 ? account.AccountId : other.AccountId,
                    Amount = Math.Abs(amount), PostedAt = DateTimeOffset.UnixEpoch.AddSeconds(n), Memo = "", PreviousHash = new byte[32], Hash = new byte[32],
                });
            }

            return await db.SaveChangesAsync();
        });

        // The 7th line alone: its opening balance is the sum of the six before. Summed as credits and debits apart,
        // each 12e18, that overflowed the database's 64-bit SUM: a 500.
        var response = await account.Client.GetAsync($"{Accounts}/{account.AccountId}/statement?page=7&pageSize=1");

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var statement = (await response.Content.ReadFromJsonAsync<AccountStatement.Statement>())!;
        Assert.Equal((0L, 1_234L), (statement.OpeningBalance, statement.ClosingBalance));
        Assert.Equal(1_234L, Assert.Single(statement.Lines).Amount);
        var fifth = (await account.Client.GetFromJsonAsync<AccountStatement.Statement>($"{Accounts}/{account.AccountId}/statement?page=5&pageSize=1"))!;
        Assert.Equal((0L, Huge), (fifth.OpeningBalance, fifth.ClosingBalance));
    }
}
