using System.Net;
using System.Net.Http.Json;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Exchanges;
using SolidarityMarket.Ledger.Features;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>Fees (rounded down, atomic with the trade) and planned trades in general.</summary>
public sealed class FeeTests(FeeLedgerHost host) : IClassFixture<FeeLedgerHost>
{
    private static readonly Guid FoodOperating = FeeLedgerHost.Operating("food");

    [Fact]
    public async Task Only_the_configured_exchanges_exist_each_with_its_system_accounts()
    {
        var accounts = (await host.Admin.GetFromJsonAsync<List<AccountDto>>(Accounts))!;

        var system = accounts.Where(a => a.Kind != "Member").ToList();
        Assert.Equal(new[] { "care", "food", "housing" }, system.Select(a => a.ExchangeId).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(9, system.Count);
        Assert.Contains(system, a => a.Id == FoodOperating && a.Kind == "Operating");
        var (member, _) = await host.SignInAsNewUserAsync();
        await AssertProblemAsync(await member.PostAsJsonAsync(Accounts, new { exchangeId = "services" }), HttpStatusCode.BadRequest);
        Assert.Equal(
            [new("care", "Care", "credits", 0), new("food", "Food", "credits", 100), new("housing", "Housing", "credits", 150)],
            (await member.GetFromJsonAsync<List<ExchangeDto>>("/api/ledger/exchanges"))!);
    }

    [Fact]
    public async Task A_10000_trade_at_100_bp_also_moves_100_to_the_operating_account()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var operatingBefore = await host.Admin.BalanceAsync(FoodOperating);
        var id = Guid.NewGuid();

        var result = await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 10_000, id, memo: "veg box");

        Assert.Equal(2, result.Transfers.Count);
        var (trade, fee) = (result.Transfers[0], result.Transfers[1]);
        Assert.Equal((id, "Trade", 10_000L), (trade.Id, trade.Code, trade.Amount));
        Assert.Equal((DeterministicId.Derive(id, "fee"), "Fee", 100L, FoodOperating), (fee.Id, fee.Code, fee.Amount, fee.CreditAccountId));
        Assert.Equal($"Fee 100 bp on trade {id}", fee.Memo);
        Assert.Equal((id, id), (trade.TradeId, fee.TradeId));
        Assert.Equal(-10_100, await payer.Client.BalanceAsync(payer.AccountId));
        Assert.Equal(10_000, await payee.Client.BalanceAsync(payee.AccountId));
        Assert.Equal(operatingBefore + 100, await host.Admin.BalanceAsync(FoodOperating));
        await host.Admin.AssertEveryExchangeZeroSumAsync();

        var before = await host.SnapshotAsync();
        var replay = await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 10_000, id, memo: "veg box");
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(result.Transfers, (await replay.Content.ReadFromJsonAsync<TransferResultDto>())!.Transfers);
        await host.AssertUnchangedSinceAsync(before);
    }

    [Theory]
    [InlineData("food", 99, 0)] // 0.99 rounds down to 0: no fee leg
    [InlineData("food", 100, 1)]
    [InlineData("housing", 99, 1)] // 1.485 → 1
    [InlineData("housing", 66, 0)] // 0.99 → 0
    [InlineData("care", 100_000, 0)]
    public async Task The_fee_rounds_down_and_is_skipped_at_zero(string exchange, long amount, long expectedFee)
    {
        var payer = await host.NewMemberAsync(exchange, debitLimit: 200_000);
        var payee = await host.NewMemberAsync(exchange, creditLimit: 200_000);
        var operating = FeeLedgerHost.Operating(exchange);
        var operatingBefore = await host.Admin.BalanceAsync(operating);

        var result = await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, amount);

        Assert.Equal(expectedFee == 0 ? 1 : 2, result.Transfers.Count);
        Assert.Equal(-(amount + expectedFee), await payer.Client.BalanceAsync(payer.AccountId));
        Assert.Equal(operatingBefore + expectedFee, await host.Admin.BalanceAsync(operating));
    }

    [Fact]
    public async Task The_payers_floor_covers_trade_and_fee_together()
    {
        var payer = await host.NewMemberAsync(debitLimit: 10_000);
        var payee = await host.NewMemberAsync();
        var before = await host.SnapshotAsync();

        var refused = await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 10_000); // + 100 fee

        var problem = await AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "exceeds-debit-limit");
        Assert.Equal(1, problem.GetProperty("failedItemIndex").GetInt32());
        await host.AssertUnchangedSinceAsync(before);
        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 9_900); // + 99 fee = 9,999
        Assert.Equal(1, (await payer.Client.AccountAsync(payer.AccountId)).AvailableToSpend);
    }

    [Fact]
    public async Task A_cross_sector_trade_goes_through_both_clearing_accounts_and_keeps_both_exchanges_at_zero()
    {
        var payer = await host.NewMemberAsync("food");
        var payee = await host.NewMemberAsync("care");
        var before = await BalancesAsync(FoodOperating, FeeLedgerHost.Clearing("food"), FeeLedgerHost.Clearing("care"));
        var id = Guid.NewGuid();

        var result = await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 5_000, id);

        Assert.Equal(3, result.Transfers.Count);
        var (toClearing, fromClearing, fee) = (result.Transfers[0], result.Transfers[1], result.Transfers[2]);
        Assert.Equal((id, "Clearing", "food", payer.AccountId, FeeLedgerHost.Clearing("food"), 5_000L),
            (toClearing.Id, toClearing.Code, toClearing.ExchangeId, toClearing.DebitAccountId, toClearing.CreditAccountId, toClearing.Amount));
        Assert.Equal((DeterministicId.Derive(id, "clearing-to-payee"), "Clearing", "care", FeeLedgerHost.Clearing("care"), payee.AccountId, 5_000L),
            (fromClearing.Id, fromClearing.Code, fromClearing.ExchangeId, fromClearing.DebitAccountId, fromClearing.CreditAccountId, fromClearing.Amount));
        Assert.Equal(("Fee", "food", 50L), (fee.Code, fee.ExchangeId, fee.Amount));
        Assert.Equal(-5_050, await payer.Client.BalanceAsync(payer.AccountId));
        Assert.Equal(5_000, await payee.Client.BalanceAsync(payee.AccountId));
        var after = await BalancesAsync(FoodOperating, FeeLedgerHost.Clearing("food"), FeeLedgerHost.Clearing("care"));
        Assert.Equal(new[] { before[0] + 50, before[1] + 5_000, before[2] - 5_000 }, after);
        await host.Admin.AssertEveryExchangeZeroSumAsync();
    }

    [Fact]
    public async Task A_held_cross_sector_trade_posted_in_part_recomputes_the_fee_on_the_posted_amount()
    {
        var payer = await host.NewMemberAsync("food");
        var payee = await host.NewMemberAsync("care");
        var watched = new[] { FoodOperating, FeeLedgerHost.Clearing("food"), FeeLedgerHost.Clearing("care") };
        var before = await BalancesAsync(watched);
        var id = Guid.NewGuid();

        var held = await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 10_000, id, hold: true);

        Assert.Equal(new[] { 10_000L, 10_000L, 100L }, held.Transfers.Select(t => t.Amount));
        Assert.All(held.Transfers, t => Assert.Equal(("Pending", "Open"), (t.Kind, t.HoldStatus)));
        var payerHeld = await payer.Client.AccountAsync(payer.AccountId);
        Assert.Equal((0L, 10_100L), (payerHeld.Balance, payerHeld.PendingDebits));
        Assert.Equal(10_000, (await payee.Client.AccountAsync(payee.AccountId)).PendingCredits);
        Assert.Equal(10_000, (await host.Admin.AccountAsync(FeeLedgerHost.Clearing("care"))).PendingDebits);
        await host.Admin.AssertEveryExchangeZeroSumAsync();

        var posted = await CreatedAsync(await payer.Client.PostHoldAsync(id, 6_000));

        Assert.Equal(new[] { 6_000L, 6_000L, 60L }, posted.Transfers.Select(t => t.Amount));
        Assert.All(posted.Transfers, t => Assert.Equal("PostPending", t.Kind));
        var payerNow = await payer.Client.AccountAsync(payer.AccountId);
        Assert.Equal((-6_060L, 0L), (payerNow.Balance, payerNow.PendingDebits));
        var payeeNow = await payee.Client.AccountAsync(payee.AccountId);
        Assert.Equal((6_000L, 0L), (payeeNow.Balance, payeeNow.PendingCredits));
        Assert.Equal(new[] { before[0] + 60, before[1] + 6_000, before[2] - 6_000 }, await BalancesAsync(watched));
        foreach (var leg in held.Transfers)
        {
            Assert.Equal("Posted", (await host.Admin.TransferAsync(leg.Id)).HoldStatus);
        }

        await AssertNothingPendingAsync(payer.AccountId, payee.AccountId, FoodOperating, FeeLedgerHost.Clearing("food"), FeeLedgerHost.Clearing("care"));
        await host.Admin.AssertEveryExchangeZeroSumAsync();
    }

    [Fact]
    public async Task A_held_trade_whose_posted_fee_rounds_to_zero_voids_the_fee_hold()
    {
        var payer = await host.NewMemberAsync("food");
        var payee = await host.NewMemberAsync("food");
        var operatingBefore = await host.Admin.BalanceAsync(FoodOperating);
        var id = Guid.NewGuid();
        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 1_000, id, hold: true); // fee 10 held

        var posted = await CreatedAsync(await payer.Client.PostHoldAsync(id, 99)); // fee on 99 → 0

        Assert.Equal(new[] { ("PostPending", 99L), ("VoidPending", 10L) }, posted.Transfers.Select(t => (t.Kind, t.Amount)));
        var payerNow = await payer.Client.AccountAsync(payer.AccountId);
        Assert.Equal((-99L, 0L), (payerNow.Balance, payerNow.PendingDebits));
        Assert.Equal(operatingBefore, await host.Admin.BalanceAsync(FoodOperating));
        Assert.Equal(0, (await host.Admin.AccountAsync(FoodOperating)).PendingCredits);
    }

    [Fact]
    public async Task Voiding_a_held_cross_sector_trade_releases_every_leg()
    {
        var payer = await host.NewMemberAsync("food");
        var payee = await host.NewMemberAsync("care");
        var id = Guid.NewGuid();
        var held = await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 2_000, id, hold: true);

        var voided = await CreatedAsync(await payer.Client.VoidHoldAsync(id));

        Assert.Equal(3, voided.Transfers.Count);
        foreach (var leg in held.Transfers)
        {
            Assert.Equal("Voided", (await host.Admin.TransferAsync(leg.Id)).HoldStatus);
        }

        await AssertNothingPendingAsync(payer.AccountId, payee.AccountId, FoodOperating, FeeLedgerHost.Clearing("food"), FeeLedgerHost.Clearing("care"));
    }

    [Fact]
    public async Task The_payee_of_a_held_cross_sector_trade_can_void_it_by_the_trade_id()
    {
        var payer = await host.NewMemberAsync("food");
        var payee = await host.NewMemberAsync("care");
        var id = Guid.NewGuid();
        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 2_000, id, hold: true);

        var voided = await CreatedAsync(await payee.Client.VoidHoldAsync(id));

        Assert.Equal(3, voided.Transfers.Count);
        Assert.Equal(0, (await payer.Client.AccountAsync(payer.AccountId)).PendingDebits);
        Assert.Equal(0, (await payee.Client.AccountAsync(payee.AccountId)).PendingCredits);
    }

    [Fact]
    public async Task Both_parties_of_a_cross_sector_trade_read_it_by_its_id_and_a_stranger_does_not()
    {
        var payer = await host.NewMemberAsync("food");
        var payee = await host.NewMemberAsync("care");
        var stranger = await host.NewMemberAsync("care");
        var id = Guid.NewGuid();
        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 100, id);

        var byPayer = await payer.Client.TransferAsync(id);
        var byPayee = await payee.Client.TransferAsync(id);

        Assert.Equal(byPayer, byPayee);
        Assert.Equal((payer.AccountId, FeeLedgerHost.Clearing("food")), (byPayee.DebitAccountId, byPayee.CreditAccountId));
        await AssertProblemAsync(await stranger.Client.GetAsync($"{Transfers}/{id}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await payee.Client.GetAsync($"{Transfers}/{DeterministicId.Derive(id, "fee")}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reversing_a_fee_bearing_trade_gives_back_the_trade_and_the_fee_only_when_an_administrator_reverses_it()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var id = Guid.NewGuid();
        var trade = await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 10_000, id);
        var operatingBefore = await host.Admin.BalanceAsync(FoodOperating);

        var reversal = await CreatedAsync(await payee.Client.ReverseAsync(id));

        Assert.Equal(id, Assert.Single(reversal.Transfers).OriginalId);
        Assert.Equal(-100, await payer.Client.BalanceAsync(payer.AccountId));
        Assert.Equal(0, await payee.Client.BalanceAsync(payee.AccountId));
        var feeId = trade.Transfers[1].Id;
        await AssertProblemAsync(await payee.Client.ReverseAsync(feeId), HttpStatusCode.NotFound);
        await AssertProblemAsync(await payer.Client.ReverseAsync(feeId), HttpStatusCode.UnprocessableEntity, "reversal-not-permitted");

        await CreatedAsync(await host.Admin.ReverseAsync(feeId));

        Assert.Equal(0, await payer.Client.BalanceAsync(payer.AccountId));
        Assert.Equal(operatingBefore - 100, await host.Admin.BalanceAsync(FoodOperating));
        await host.Admin.AssertEveryExchangeZeroSumAsync();
    }

    [Fact]
    public async Task The_payee_reverses_a_cross_sector_trade_leg_by_leg()
    {
        var payer = await host.NewMemberAsync("care");
        var payee = await host.NewMemberAsync("food");
        var id = Guid.NewGuid();
        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 3_000, id); // care charges no fee

        var response = await payee.Client.ReverseAsync(id);

        var reversal = await CreatedAsync(response);
        Assert.Equal(new[] { id, DeterministicId.Derive(id, "clearing-to-payee") }, reversal.Transfers.Select(t => t.OriginalId!.Value));
        Assert.Equal($"/api/ledger/transfers/{reversal.Transfers[0].Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(0, await payer.Client.BalanceAsync(payer.AccountId));
        Assert.Equal(0, await payee.Client.BalanceAsync(payee.AccountId));
        Assert.Equal(reversal.Transfers[0].Id, (await payer.Client.TransferAsync(id)).ReversedById);
        await host.Admin.AssertEveryExchangeZeroSumAsync();
    }

    /// <summary>Tests of this class leave no hold open, so these accounts have nothing pending between tests.</summary>
    private async Task AssertNothingPendingAsync(params Guid[] accounts)
    {
        foreach (var id in accounts)
        {
            var account = await host.Admin.AccountAsync(id);
            Assert.True(account.PendingDebits == 0 && account.PendingCredits == 0, $"{account.Name}: pending {account.PendingDebits}/{account.PendingCredits}");
        }
    }

    private async Task<long[]> BalancesAsync(params Guid[] accounts)
    {
        var balances = new long[accounts.Length];
        for (var i = 0; i < accounts.Length; i++)
        {
            balances[i] = await host.Admin.BalanceAsync(accounts[i]);
        }

        return balances;
    }
}
