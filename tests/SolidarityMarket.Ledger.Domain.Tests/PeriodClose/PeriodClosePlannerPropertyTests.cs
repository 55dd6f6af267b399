using CsCheck;

namespace SolidarityMarket.Ledger.Domain.Tests.PeriodClose;

public sealed class PeriodClosePlannerPropertyTests
{
    private static readonly DateTimeOffset PeriodEnd = PeriodClosePlannerTests.PeriodEnd;

    /// <summary>Small figures mostly, so that rounding and ties are common; now and then anything up to long.MaxValue.</summary>
    private static readonly Gen<long> NonNegative =
        Gen.Frequency((1, Gen.Const(0L)), (4, Gen.Long[0, 100_000]), (1, Gen.Long[0, long.MaxValue]));

    private static readonly Gen<long> Signed =
        Gen.Frequency((1, Gen.Const(0L)), (4, Gen.Long[-100_000, 100_000]), (1, Gen.Long[long.MinValue + 1, long.MaxValue]));

    private static readonly Gen<long> Pending = Gen.Frequency((4, Gen.Const(0L)), (1, Gen.Long[1, 1_000]));

    /// <summary>Whole days around the period end (so dormancy cutoffs are hit exactly), sometimes a tick off, sometimes none.</summary>
    private static readonly Gen<DateTimeOffset?> LastEntry =
        Gen.Frequency(
            (1, Gen.Const((DateTimeOffset?)null)),
            (4, Gen.Select(Gen.Int[-400, 30], Gen.Int[-1, 1], (days, ticks) => (DateTimeOffset?)PeriodEnd.AddDays(days).AddTicks(ticks))));

    private static readonly Gen<PeriodCloseAccount> Account =
        Gen.Select(
            Gen.Frequency((4, Gen.Const(AccountKind.Member)), (1, Gen.Enum<AccountKind>())),
            Gen.Frequency((3, Gen.Const(AccountStatus.Active)), (1, Gen.Enum<AccountStatus>())),
            Signed,
            Pending,
            Pending,
            NonNegative,
            Signed,
            LastEntry,
            NonNegative,
            NonNegative,
            (kind, status, balance, pendingDebits, pendingCredits, debitLimit, balanceAtPeriodEnd, lastEntryAt, sales, turnover) =>
                new PeriodCloseAccount(Guid.Empty, kind, status, balance, pendingDebits, pendingCredits, debitLimit, balanceAtPeriodEnd, lastEntryAt, sales, turnover));

    private static readonly Gen<int> BasisPoints = Gen.Frequency((1, Gen.Const(0)), (3, Gen.Int[0, 10_000]));

    private static readonly Gen<PeriodClosePolicy> Policy =
        Gen.Select(
            BasisPoints,
            BasisPoints,
            Gen.Frequency((1, Gen.Const((TimeSpan?)null)), (3, Gen.Int[1, 365].Select(days => (TimeSpan?)TimeSpan.FromDays(days)))),
            Gen.Frequency((1, Gen.Const(0)), (3, Gen.Int[0, 50_000]), (1, Gen.Int[0, int.MaxValue])),
            NonNegative,
            NonNegative,
            (levy, demurrage, dormantAfter, turnoverBasisPoints, min, spread) =>
                new PeriodClosePolicy(levy, demurrage, dormantAfter, turnoverBasisPoints, min, min + Math.Min(spread, long.MaxValue - min)));

    /// <summary>A policy, 0–15 accounts with distinct random ids, and the same accounts in another order.</summary>
    private static readonly Gen<(PeriodClosePolicy Policy, PeriodCloseAccount[] Accounts, PeriodCloseAccount[] Shuffled)> Input =
        Gen.Select(Policy, Account.Array[0, 15], Gen.Guid.Array[15])
            .Where(x => x.Item3.Distinct().Count() == x.Item3.Length)
            .Select(x => (x.Item1, x.Item2.Select((a, i) => a with { AccountId = x.Item3[i] }).ToArray()))
            .SelectMany(x => Gen.Shuffle(x.Item2.ToArray()).Select(shuffled => (x.Item1, x.Item2, shuffled)));

    private static string Print((PeriodClosePolicy Policy, PeriodCloseAccount[] Accounts, PeriodCloseAccount[] Shuffled) input) =>
        string.Join(Environment.NewLine, input.Accounts.Prepend<object>(input.Policy));

    private static bool Dormant(PeriodClosePolicy policy, PeriodCloseAccount account) =>
        policy.DormantAfter is { } after && (account.LastEntryAt is null || account.LastEntryAt <= PeriodEnd - after);

    /// <summary>floor(value × bp / 10,000) as exact 128-bit arithmetic, independently of the planner.</summary>
    private static Int128 Share(long value, int basisPoints) => (Int128)value * basisPoints / 10_000;

    /// <summary>The kinds each account should get, restated from the rules rather than from the planner's code.</summary>
    private static IEnumerable<PeriodCloseItemKind> Expected(PeriodClosePolicy policy, PeriodCloseAccount a)
    {
        if (a.Kind != AccountKind.Member || a.Status == AccountStatus.Closed)
        {
            yield break;
        }

        if (a.Balance < 0 && a.PendingDebits == 0 && a.PendingCredits == 0 && Dormant(policy, a))
        {
            yield return PeriodCloseItemKind.WriteOff;
            yield break;
        }

        if (a.Status != AccountStatus.Active)
        {
            yield break;
        }

        if (Share(a.SalesInPeriod, policy.LevyBasisPoints) > 0)
        {
            yield return PeriodCloseItemKind.Levy;
        }

        if (a.BalanceAtPeriodEnd > 0 && Share(a.BalanceAtPeriodEnd, policy.DemurrageBasisPoints) > 0)
        {
            yield return PeriodCloseItemKind.Demurrage;
        }

        if (policy.DebitLimitTurnoverBasisPoints > 0
            && Int128.Clamp(Share(a.TrailingTurnover, policy.DebitLimitTurnoverBasisPoints), policy.MinDebitLimit, policy.MaxDebitLimit) != a.DebitLimit)
        {
            yield return PeriodCloseItemKind.DebitLimit;
        }
    }

    [Fact]
    public void Every_item_keeps_its_rule_and_the_plan_is_sorted_with_one_item_per_account_and_kind() =>
        Input.Sample(
            (policy, accounts, _) =>
            {
                var plan = PeriodClosePlanner.Plan(policy, PeriodEnd, accounts);
                var byId = accounts.ToDictionary(a => a.AccountId);

                for (var i = 1; i < plan.Count; i++)
                {
                    var order = plan[i - 1].AccountId.CompareTo(plan[i].AccountId);
                    Assert.True(order < 0 || (order == 0 && plan[i - 1].Kind < plan[i].Kind), $"item {i} is out of order");
                }

                foreach (var item in plan)
                {
                    var a = byId[item.AccountId];
                    Assert.Equal(AccountKind.Member, a.Kind);
                    Assert.NotEqual(AccountStatus.Closed, a.Status);
                    Assert.InRange(item.Reason.Length, 1, PeriodClosePlanner.MaxReasonLength);
                    switch (item.Kind)
                    {
                        case PeriodCloseItemKind.WriteOff:
                            Assert.Equal(-a.Balance, item.Amount);
                            Assert.True(a.PendingDebits == 0 && a.PendingCredits == 0 && Dormant(policy, a));
                            Assert.Single(plan, other => other.AccountId == a.AccountId);
                            break;
                        case PeriodCloseItemKind.Levy:
                            Assert.Equal(AccountStatus.Active, a.Status);
                            AssertRoundedDown(item.Amount, a.SalesInPeriod, policy.LevyBasisPoints);
                            break;
                        case PeriodCloseItemKind.Demurrage:
                            Assert.Equal(AccountStatus.Active, a.Status);
                            Assert.True(a.BalanceAtPeriodEnd > 0);
                            AssertRoundedDown(item.Amount, a.BalanceAtPeriodEnd, policy.DemurrageBasisPoints);
                            break;
                        case PeriodCloseItemKind.DebitLimit:
                            Assert.Equal(AccountStatus.Active, a.Status);
                            Assert.Equal(0, item.Amount);
                            var limit = Assert.NotNull(item.NewDebitLimit);
                            Assert.InRange(limit, policy.MinDebitLimit, policy.MaxDebitLimit);
                            Assert.NotEqual(a.DebitLimit, limit);
                            break;
                        default:
                            Assert.Fail($"unknown kind {item.Kind}");
                            break;
                    }

                    if (item.Kind != PeriodCloseItemKind.DebitLimit)
                    {
                        Assert.True(item.Amount > 0);
                        Assert.Null(item.NewDebitLimit);
                    }
                }
            },
            iter: 2_000,
            print: Print);

    /// <summary>floor: amount ≤ value × bp / 10,000 &lt; amount + 1, checked in whole numbers.</summary>
    private static void AssertRoundedDown(long amount, long value, int basisPoints)
    {
        var exact = (Int128)value * basisPoints;
        Assert.True(amount > 0, $"amount {amount}");
        Assert.True((Int128)amount * 10_000 <= exact && exact < ((Int128)amount + 1) * 10_000, $"{amount} is not floor({value} × {basisPoints} / 10,000)");
    }

    [Fact]
    public void Each_account_gets_exactly_the_items_its_rules_call_for() =>
        Input.Sample(
            (policy, accounts, _) =>
            {
                var plan = PeriodClosePlanner.Plan(policy, PeriodEnd, accounts);

                var expected = accounts.OrderBy(a => a.AccountId).SelectMany(a => Expected(policy, a).Select(kind => (a.AccountId, kind)));
                Assert.Equal(expected, plan.Select(i => (i.AccountId, i.Kind)));
            },
            iter: 2_000,
            print: Print);

    [Fact]
    public void The_same_accounts_in_any_order_give_the_same_plan() =>
        Input.Sample(
            (policy, accounts, shuffled) =>
            {
                Assert.Equal(PeriodClosePlanner.Plan(policy, PeriodEnd, accounts), PeriodClosePlanner.Plan(policy, PeriodEnd, shuffled));
            },
            iter: 1_000,
            print: Print);
}
