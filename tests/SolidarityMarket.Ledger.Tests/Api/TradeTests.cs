using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Features;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>Trades within one exchange (no fee configured): exact movements, idempotency, statements, zero-sum.</summary>
public sealed class TradeTests(LedgerHost host) : IClassFixture<LedgerHost>
{
    [Fact]
    public async Task A_trade_moves_exactly_its_amount_from_payer_to_payee()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var id = Guid.NewGuid();

        var response = await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 1_234, id, memo: "apples");

        var result = await CreatedAsync(response);
        Assert.Equal($"/api/ledger/transfers/{id}", response.Headers.Location?.OriginalString);
        var transfer = Assert.Single(result.Transfers);
        Assert.Equal((id, "Direct", "Trade", "food", 1_234L, "apples", id), (transfer.Id, transfer.Kind, transfer.Code, transfer.ExchangeId, transfer.Amount, transfer.Memo, transfer.TradeId));
        Assert.Equal((payer.AccountId, payee.AccountId), (transfer.DebitAccountId, transfer.CreditAccountId));
        var payerAfter = await payer.Client.AccountAsync(payer.AccountId);
        Assert.Equal((-1_234L, 20_000L - 1_234L), (payerAfter.Balance, payerAfter.AvailableToSpend));
        Assert.Equal(1_234, await payee.Client.BalanceAsync(payee.AccountId));
        Assert.Equal(transfer, await payee.Client.TransferAsync(id));
        await host.Admin.AssertEveryExchangeZeroSumAsync();
    }

    [Fact]
    public async Task A_retry_with_the_same_id_and_fields_is_a_replay_and_moves_nothing_more()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var id = Guid.NewGuid();
        var first = await CreatedAsync(await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 500, id, memo: "bread"));
        var before = await host.SnapshotAsync();

        var retry = await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 500, id, memo: "bread");

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var replay = (await retry.Content.ReadFromJsonAsync<TransferResultDto>())!;
        Assert.True(replay.Replay);
        Assert.Equal(first.Transfers, replay.Transfers);
        await host.AssertUnchangedSinceAsync(before);
        Assert.Equal(-500, await payer.Client.BalanceAsync(payer.AccountId));
        Assert.Equal(500, await payee.Client.BalanceAsync(payee.AccountId));
    }

    [Theory]
    [InlineData(501, "bread")]
    [InlineData(500, "rolls")]
    public async Task The_same_id_with_a_different_field_is_409_and_changes_nothing(long amount, string memo)
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var id = Guid.NewGuid();
        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 500, id, memo: "bread");
        var before = await host.SnapshotAsync();

        var conflict = await payer.Client.PayAsync(payer.AccountId, payee.AccountId, amount, id, memo: memo);

        await AssertProblemAsync(conflict, HttpStatusCode.Conflict, "id-already-used-with-different-fields");
        await host.AssertUnchangedSinceAsync(before);
        Assert.Equal(500, await payee.Client.BalanceAsync(payee.AccountId));
    }

    [Fact]
    public async Task The_statement_lists_each_entry_with_the_running_balance()
    {
        var me = await host.NewMemberAsync();
        var other = await host.NewMemberAsync();
        var t1 = (await other.Client.PayOkAsync(other.AccountId, me.AccountId, 1_000, memo: "one")).Transfers[0].Id;
        var t2 = (await me.Client.PayOkAsync(me.AccountId, other.AccountId, 250, memo: "two")).Transfers[0].Id;
        var t3 = (await me.Client.PayOkAsync(me.AccountId, other.AccountId, 1_000, memo: "three")).Transfers[0].Id;

        var statement = (await me.Client.GetFromJsonAsync<AccountStatement.Statement>($"{Accounts}/{me.AccountId}/statement"))!;

        Assert.Equal((0L, -250L, 3), (statement.OpeningBalance, statement.ClosingBalance, statement.Total));
        Assert.Equal(
            new[] { (t1, 1_000L, 1_000L, "one"), (t2, -250L, 750L, "two"), (t3, -1_000L, -250L, "three") },
            statement.Lines.Select(l => (l.TransferId, l.Amount, l.Balance, l.Memo)));
        Assert.All(statement.Lines, l => Assert.Equal(other.AccountId, l.CounterpartyAccountId));
        Assert.Equal(statement.Lines.Select(l => l.Sequence).Order(), statement.Lines.Select(l => l.Sequence));

        var page2 = (await me.Client.GetFromJsonAsync<AccountStatement.Statement>($"{Accounts}/{me.AccountId}/statement?page=2&pageSize=2"))!;
        Assert.Equal((750L, -250L, 3), (page2.OpeningBalance, page2.ClosingBalance, page2.Total));
        Assert.Equal(t3, Assert.Single(page2.Lines).TransferId);
        Assert.Equal(-250, await me.Client.BalanceAsync(me.AccountId));
    }

    [Fact]
    public async Task A_statement_for_a_period_shows_the_balance_of_that_period()
    {
        var me = await host.NewMemberAsync();
        var other = await host.NewMemberAsync();
        await other.Client.PayOkAsync(other.AccountId, me.AccountId, 1_000);
        await me.Client.PayOkAsync(me.AccountId, other.AccountId, 250);
        await me.Client.PayOkAsync(me.AccountId, other.AccountId, 1_000);
        var all = (await me.Client.GetFromJsonAsync<AccountStatement.Statement>($"{Accounts}/{me.AccountId}/statement"))!;
        var (first, second, third) = (all.Lines[0].PostedAt, all.Lines[1].PostedAt, all.Lines[2].PostedAt);
        Assert.True(first < second && second < third);

        var middle = await StatementAsync(me, from: second, to: third);
        var beforeAny = await StatementAsync(me, to: first);
        var afterAll = await StatementAsync(me, from: third.AddTicks(10));

        Assert.Equal((1_000L, 750L, 1), (middle.OpeningBalance, middle.ClosingBalance, middle.Total));
        Assert.Equal((0L, 0L, 0), (beforeAny.OpeningBalance, beforeAny.ClosingBalance, beforeAny.Total));
        Assert.Equal((-250L, -250L, 0), (afterAll.OpeningBalance, afterAll.ClosingBalance, afterAll.Total));
    }

    [Fact]
    public async Task An_identical_retry_is_a_replay_even_after_the_payer_was_frozen()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var id = Guid.NewGuid();
        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 100, id);
        Assert.Equal(HttpStatusCode.OK, (await host.Admin.PostAsJsonAsync($"{Accounts}/{payer.AccountId}/freeze", new { reason = "test" })).StatusCode);
        var before = await host.SnapshotAsync();

        var retry = await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 100, id);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.True((await retry.Content.ReadFromJsonAsync<TransferResultDto>())!.Replay);
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task Every_exchange_sums_to_zero_after_trades_in_several_exchanges()
    {
        foreach (var exchange in new[] { "food", "housing", "services", "manufacturing", "care" })
        {
            var a = await host.NewMemberAsync(exchange);
            var b = await host.NewMemberAsync(exchange);
            await a.Client.PayOkAsync(a.AccountId, b.AccountId, 777);
            await b.Client.PayOkAsync(b.AccountId, a.AccountId, 1_001);
            Assert.Equal(224, await a.Client.BalanceAsync(a.AccountId));
            Assert.Equal(-224, await b.Client.BalanceAsync(b.AccountId));
        }

        await host.Admin.AssertEveryExchangeZeroSumAsync();
        var exchanges = (await host.Admin.GetFromJsonAsync<List<AccountDto>>(Accounts))!.Select(a => a.ExchangeId).ToHashSet();
        Assert.Superset(new HashSet<string> { "food", "housing", "services", "manufacturing", "care" }, exchanges);
    }

    private static async Task<AccountStatement.Statement> StatementAsync(Member member, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var query = string.Join('&', new[] { ("from", from), ("to", to) }.Where(p => p.Item2 is not null)
            .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}"));
        var response = await member.Client.GetAsync($"{Accounts}/{member.AccountId}/statement?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AccountStatement.Statement>())!;
    }

    [Fact]
    public async Task A_member_cannot_spend_from_an_account_they_do_not_hold_and_the_attempt_is_logged()
    {
        var victim = await host.NewMemberAsync();
        var thief = await host.NewMemberAsync();
        var before = await host.SnapshotAsync();

        var response = await thief.Client.PayAsync(victim.AccountId, thief.AccountId, 100);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
        await host.AssertUnchangedSinceAsync(before);
        Assert.Contains(host.Logs.Entries, e => e.Message.Contains(thief.UserId, StringComparison.Ordinal) && e.Message.Contains(victim.AccountId.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_change_of_holders_counts_for_the_very_next_payment()
    {
        // The holder check runs on pooled contexts and compiled queries; neither may remember an answer. So: spend,
        // lose the account (a holder row removed, as an administrator's fix in the database would), be refused at
        // once; and someone given the account can spend from it at once.
        var holder = await host.NewMemberAsync();
        var heir = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        await holder.Client.PayOkAsync(holder.AccountId, payee.AccountId, 100);
        await AssertProblemAsync(await heir.Client.PayAsync(holder.AccountId, payee.AccountId, 100), HttpStatusCode.NotFound);

        await host.WithDbAsync(async db =>
        {
            db.Set<AccountHolder>().Remove(await db.Set<AccountHolder>().SingleAsync(h => h.AccountId == holder.AccountId && h.UserId == holder.UserId));
            db.Set<AccountHolder>().Add(new AccountHolder { AccountId = holder.AccountId, UserId = heir.UserId });
            return await db.SaveChangesAsync();
        });
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await holder.Client.PayAsync(holder.AccountId, payee.AccountId, 100), HttpStatusCode.NotFound);
        await host.AssertUnchangedSinceAsync(before);
        await heir.Client.PayOkAsync(holder.AccountId, payee.AccountId, 250);
        Assert.Equal(350, await payee.Client.BalanceAsync(payee.AccountId));
    }
}
