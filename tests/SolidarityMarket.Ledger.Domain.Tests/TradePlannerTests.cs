using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Domain.Tests;

public sealed class TradePlannerTests
{
    private readonly LedgerFixture f = new();
    private readonly ExchangeDirectory directory;
    private readonly ExchangeInfo food;
    private readonly ExchangeInfo care;

    public TradePlannerTests()
    {
        food = new ExchangeInfo("food", f.Open("food", 0, kind: AccountKind.Operating), f.Open("food", 5_000, 5_000, AccountKind.Clearing), f.Open("food", 0, kind: AccountKind.Reserve), FeeBasisPoints: 150);
        care = new ExchangeInfo("care", f.Open("care", 0, kind: AccountKind.Operating), f.Open("care", 5_000, 5_000, AccountKind.Clearing), f.Open("care", 0, kind: AccountKind.Reserve));
        directory = new ExchangeDirectory([food, care]);
    }

    [Theory]
    [InlineData(10_000, 150, 150)]
    [InlineData(99, 150, 1)]
    [InlineData(66, 150, 0)]
    [InlineData(1, 10_000, 1)]
    [InlineData(long.MaxValue, 10_000, long.MaxValue)]
    [InlineData(long.MaxValue, 1, 922_337_203_685_477)]
    public void Fees_round_down(long amount, int basisPoints, long expected)
    {
        Assert.Equal(expected, FeeCalculator.Compute(amount, basisPoints));
    }

    [Fact]
    public void A_same_exchange_trade_with_a_fee_is_a_linked_pair()
    {
        var buyer = f.Open("food", 1_015);
        var seller = f.Open("food");
        var plan = Plan(buyer, "food", seller, "food", 1_000);
        Assert.Equal([TradeLegRole.Trade, TradeLegRole.Fee], plan.Legs.Select(l => l.Role));
        Assert.Equal(15, plan.Fee);

        var result = f.Book.SubmitLinked(plan.Requests, LedgerFixture.T0);
        Assert.True(result.IsAccepted, result.ToString());
        Assert.Equal(-1_015, f.Account(buyer).Balance);
        Assert.Equal(1_000, f.Account(seller).Balance);
        Assert.Equal(15, f.Account(food.OperatingAccountId).Balance);
    }

    [Fact]
    public void The_payers_floor_counts_trade_and_fee_together()
    {
        var buyer = f.Open("food", 1_014);
        var seller = f.Open("food");
        var result = f.Book.SubmitLinked(Plan(buyer, "food", seller, "food", 1_000).Requests, LedgerFixture.T0);
        Assert.Equal(RejectionReason.LinkedBatchFailed, result.Rejection!.Reason);
        Assert.Equal(1, result.Rejection.FailedItemIndex);
        Assert.Equal(RejectionReason.ExceedsDebitLimit, result.Rejection.RootReason);
        Assert.Equal(0, f.Account(buyer).Balance);
    }

    [Fact]
    public void A_fee_that_rounds_to_zero_is_skipped()
    {
        var plan = Plan(f.Open("food"), "food", f.Open("food"), "food", 66);
        Assert.Single(plan.Legs);
        Assert.Equal(0, plan.Fee);
    }

    [Fact]
    public void A_cross_sector_trade_goes_through_both_clearing_accounts_and_keeps_each_exchange_zero_sum()
    {
        var buyer = f.Open("food", 2_000);
        var carer = f.Open("care");
        var plan = Plan(buyer, "food", carer, "care", 1_000);
        Assert.True(plan.IsCrossSector);
        Assert.Equal([TradeLegRole.PayerToClearing, TradeLegRole.ClearingToPayee, TradeLegRole.Fee], plan.Legs.Select(l => l.Role));

        var result = f.Book.SubmitLinked(plan.Requests, LedgerFixture.T0);
        Assert.True(result.IsAccepted, result.ToString());
        Assert.Equal(-1_015, f.Account(buyer).Balance);
        Assert.Equal(1_000, f.Account(food.ClearingAccountId).Balance);
        Assert.Equal(-1_000, f.Account(care.ClearingAccountId).Balance);
        Assert.Equal(1_000, f.Account(carer).Balance);
        Assert.Equal(1, f.Book.GetHead("care").LastSequence);
        Assert.Equal(2, f.Book.GetHead("food").LastSequence);
        Assert.True(f.Book.Verify().IsIntact, f.Book.Verify().ToString());
    }

    [Fact]
    public void Clearing_limits_cap_the_imbalance_between_sectors()
    {
        var buyer = f.Open("care", 100_000);
        var grocer = f.Open("food");
        Assert.True(f.Book.ChangeLimits(care.ClearingAccountId, 5_000, AccountState.NoCeiling).IsAccepted);
        Assert.True(f.Book.SubmitLinked(Plan(buyer, "care", grocer, "food", 5_000).Requests, LedgerFixture.T0).IsAccepted);
        var before = BookSnapshot.Of(f.Book);
        var capped = f.Book.SubmitLinked(Plan(buyer, "care", grocer, "food", 1).Requests, LedgerFixture.T0);
        Assert.Equal(1, capped.Rejection!.FailedItemIndex);
        Assert.Equal(RejectionReason.ExceedsDebitLimit, capped.Rejection.RootReason);
        BookSnapshot.Of(f.Book).AssertSameAs(before);
    }

    [Fact]
    public void A_retried_trade_is_a_replay_because_leg_ids_are_derived()
    {
        var buyer = f.Open("food", 5_000);
        var carer = f.Open("care");
        var intent = Intent(buyer, "food", carer, "care", 1_000);
        Assert.True(f.Book.SubmitLinked(TradePlanner.Plan(intent, directory).Plan!.Requests, LedgerFixture.T0).IsAccepted);
        Assert.True(f.Book.SubmitLinked(TradePlanner.Plan(intent, directory).Plan!.Requests, LedgerFixture.T0).IsReplay);
        Assert.Equal(DeterministicId.Derive(intent.TradeId, "fee"), DeterministicId.Derive(intent.TradeId, "fee"));
        Assert.NotEqual(DeterministicId.Derive(intent.TradeId, "fee"), DeterministicId.Derive(intent.TradeId, "post"));
    }

    [Fact]
    public void A_held_cross_sector_trade_posts_partially_with_a_recomputed_fee()
    {
        var buyer = f.Open("food", 5_000);
        var carer = f.Open("care");
        var plan = TradePlanner.Plan(Intent(buyer, "food", carer, "care", 1_000) with { AsHold = true, HoldTimeout = TimeSpan.FromDays(2) }, directory).Plan!;
        Assert.True(f.Book.SubmitLinked(plan.Requests, LedgerFixture.T0).IsAccepted);
        Assert.Equal(1_015, f.Account(buyer).PendingDebits);

        var post = f.Book.SubmitLinked(TradePlanner.PlanPost(plan, 600), LedgerFixture.T0.AddDays(1));
        Assert.True(post.IsAccepted, post.ToString());
        Assert.Equal(-609, f.Account(buyer).Balance);
        Assert.Equal(0, f.Account(buyer).PendingDebits);
        Assert.Equal(600, f.Account(carer).Balance);
        Assert.Equal(9, f.Account(food.OperatingAccountId).Balance);
        Assert.True(f.Book.SubmitLinked(TradePlanner.PlanPost(plan, 600), LedgerFixture.T0.AddDays(1)).IsReplay);
    }

    [Fact]
    public void A_held_trade_can_be_voided_whole()
    {
        var buyer = f.Open("food", 5_000);
        var plan = TradePlanner.Plan(Intent(buyer, "food", f.Open("food"), "food", 1_000) with { AsHold = true }, directory).Plan!;
        Assert.True(f.Book.SubmitLinked(plan.Requests, LedgerFixture.T0).IsAccepted);
        Assert.True(f.Book.SubmitLinked(TradePlanner.PlanVoid(plan), LedgerFixture.T0).IsAccepted);
        Assert.Equal(0, f.Account(buyer).PendingDebits);
        Assert.Equal(5_000, f.Account(buyer).AvailableToSpend);
    }

    [Fact]
    public void Planning_refuses_bad_trades()
    {
        var a = f.Open("food");
        Assert.Equal(RejectionReason.UnknownExchange, TradePlanner.Plan(Intent(a, "food", f.Open("tools"), "tools", 10), directory).Rejection!.Reason);
        Assert.Equal(RejectionReason.AmountMustBePositive, TradePlanner.Plan(Intent(a, "food", f.Open("food"), "food", 0), directory).Rejection!.Reason);
        Assert.Equal(RejectionReason.SameAccount, TradePlanner.Plan(Intent(a, "food", a, "food", 10), directory).Rejection!.Reason);
        Assert.Equal(RejectionReason.MissingId, TradePlanner.Plan(Intent(a, "food", f.Open("food"), "food", 10) with { TradeId = Guid.Empty }, directory).Rejection!.Reason);
    }

    [Fact]
    public void The_directory_refuses_impossible_fees()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExchangeDirectory([food with { FeeBasisPoints = 10_001 }]));
        Assert.Throws<ArgumentException>(() => new ExchangeDirectory([food, food]));
    }

    private TradePlan Plan(Guid payer, string payerExchange, Guid payee, string payeeExchange, long amount)
    {
        var result = TradePlanner.Plan(Intent(payer, payerExchange, payee, payeeExchange, amount), directory);
        Assert.True(result.IsPlanned, result.Rejection?.ToString());
        return result.Plan!;
    }

    private static TradeIntent Intent(Guid payer, string payerExchange, Guid payee, string payeeExchange, long amount) => new()
    {
        TradeId = Guid.NewGuid(),
        PayerAccountId = payer,
        PayerExchangeId = payerExchange,
        PayeeAccountId = payee,
        PayeeExchangeId = payeeExchange,
        Amount = amount,
        Memo = "groceries",
    };
}
