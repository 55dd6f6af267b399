namespace SolidarityMarket.Ledger.Domain.Tests.PeriodClose;

public sealed class PeriodClosePlannerTests
{
    internal static readonly DateTimeOffset PeriodEnd = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal static readonly PeriodClosePolicy Off = new(0, 0, null, 0, 0, 0);

    private static readonly Guid A = Account(1);
    private static readonly Guid B = Account(2);

    internal static Guid Account(int index) => new(index, 0xC, 0, new byte[8]);

    /// <summary>An active member account with nothing in it; tests set only what they are about.</summary>
    internal static PeriodCloseAccount Member(Guid id) =>
        new(id, AccountKind.Member, AccountStatus.Active, 0, 0, 0, 0, 0, PeriodEnd.AddDays(-1), 0, 0);

    /// <summary>A member account that every rule of <see cref="Everything"/> applies to, and dormant since 2025-10-01.</summary>
    private static PeriodCloseAccount Qualifying(Guid id) =>
        Member(id) with
        {
            Balance = -4_000,
            DebitLimit = 10_000,
            BalanceAtPeriodEnd = 50_000,
            LastEntryAt = new DateTimeOffset(2025, 10, 1, 12, 0, 0, TimeSpan.Zero),
            SalesInPeriod = 12_000,
            TrailingTurnover = 80_000,
        };

    private static readonly PeriodClosePolicy Everything = new(150, 100, TimeSpan.FromDays(90), 2_500, 5_000, 50_000);

    private static IReadOnlyList<PeriodCloseItem> Plan(PeriodClosePolicy policy, params PeriodCloseAccount[] accounts) =>
        PeriodClosePlanner.Plan(policy, PeriodEnd, accounts);

    [Fact]
    public void No_accounts_give_an_empty_plan() => Assert.Empty(Plan(Everything));

    [Fact]
    public void Every_rule_off_gives_no_items_even_for_an_account_every_rule_would_touch() =>
        Assert.Empty(Plan(Off, Qualifying(A)));

    [Fact]
    public void A_dormant_negative_balance_is_written_off_and_nothing_else_is_planned_for_it()
    {
        var plan = Plan(Everything, Qualifying(A));

        Assert.Equal([new PeriodCloseItem(PeriodCloseItemKind.WriteOff, A, 4_000, null, "dormant since 2025-10-01: negative balance -4,000 written off to the reserve")], plan);
    }

    [Fact]
    public void Dormancy_counts_from_the_cutoff_inclusive_and_one_tick_later_is_active()
    {
        var policy = Off with { DormantAfter = TimeSpan.FromDays(90) };
        var cutoff = PeriodEnd - TimeSpan.FromDays(90);

        var atCutoff = Plan(policy, Member(A) with { Balance = -1, LastEntryAt = cutoff });
        var tickLater = Plan(policy, Member(A) with { Balance = -1, LastEntryAt = cutoff.AddTicks(1) });

        Assert.Equal([new PeriodCloseItem(PeriodCloseItemKind.WriteOff, A, 1, null, "dormant since 2025-10-03: negative balance -1 written off to the reserve")], atCutoff);
        Assert.Empty(tickLater);
    }

    [Fact]
    public void The_cutoff_compares_instants_whatever_the_offsets()
    {
        var policy = Off with { DormantAfter = TimeSpan.FromDays(90) };
        var cutoffElsewhere = (PeriodEnd - TimeSpan.FromDays(90)).ToOffset(TimeSpan.FromHours(-5));

        Assert.Single(Plan(policy, Member(A) with { Balance = -1, LastEntryAt = cutoffElsewhere }));
        Assert.Empty(Plan(policy, Member(A) with { Balance = -1, LastEntryAt = cutoffElsewhere.AddTicks(1) }));
    }

    [Fact]
    public void An_account_without_any_entry_counts_as_dormant_and_one_with_an_entry_after_the_period_end_does_not()
    {
        var policy = Off with { DormantAfter = TimeSpan.FromDays(30) };

        var plan = Plan(policy, Member(A) with { Balance = -70, LastEntryAt = null }, Member(B) with { Balance = -70, LastEntryAt = PeriodEnd.AddDays(3) });

        Assert.Equal([new PeriodCloseItem(PeriodCloseItemKind.WriteOff, A, 70, null, "dormant, with no journal entry ever: negative balance -70 written off to the reserve")], plan);
    }

    [Fact]
    public void A_zero_or_positive_balance_is_never_written_off()
    {
        var policy = Off with { DormantAfter = TimeSpan.FromDays(1) };

        Assert.Empty(Plan(policy, Member(A) with { Balance = 0, LastEntryAt = null }, Member(B) with { Balance = 5, LastEntryAt = null }));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(0, 1)]
    public void An_open_hold_on_either_side_blocks_a_write_off(long pendingDebits, long pendingCredits)
    {
        var policy = Off with { DormantAfter = TimeSpan.FromDays(1) };

        Assert.Empty(Plan(policy, Member(A) with { Balance = -10, LastEntryAt = null, PendingDebits = pendingDebits, PendingCredits = pendingCredits }));
    }

    [Fact]
    public void Write_offs_are_off_without_a_dormancy_period()
    {
        var plan = Plan(Everything with { DormantAfter = null }, Qualifying(A) with { LastEntryAt = null });

        Assert.Equal([PeriodCloseItemKind.Levy, PeriodCloseItemKind.Demurrage, PeriodCloseItemKind.DebitLimit], plan.Select(i => i.Kind));
    }

    [Fact]
    public void A_frozen_account_may_be_written_off_but_gets_no_levy_demurrage_or_limit()
    {
        var frozen = Qualifying(A) with { Status = AccountStatus.Frozen };

        Assert.Equal([PeriodCloseItemKind.WriteOff], Plan(Everything, frozen).Select(i => i.Kind));
        Assert.Empty(Plan(Everything, frozen with { Balance = 0 }));
    }

    [Fact]
    public void A_closed_account_gets_nothing() =>
        Assert.Empty(Plan(Everything, Qualifying(A) with { Status = AccountStatus.Closed }, Qualifying(B) with { Status = AccountStatus.Closed, Balance = 0 }));

    [Theory]
    [InlineData(AccountKind.Operating)]
    [InlineData(AccountKind.Clearing)]
    [InlineData(AccountKind.Reserve)]
    public void The_exchanges_own_accounts_get_nothing(AccountKind kind)
    {
        Assert.Empty(Plan(Everything, Qualifying(A) with { Kind = kind }));
        Assert.Empty(Plan(Everything, Qualifying(A) with { Kind = kind, Balance = 0 }));
    }

    [Fact]
    public void An_active_account_that_is_not_written_off_gets_levy_demurrage_and_limit_in_that_order()
    {
        var plan = Plan(Everything, Qualifying(A) with { Balance = 3_000 });

        Assert.Equal(
            [
                new PeriodCloseItem(PeriodCloseItemKind.Levy, A, 180, null, "levy: 150 bp of 12,000 sales in the period"),
                new PeriodCloseItem(PeriodCloseItemKind.Demurrage, A, 500, null, "demurrage: 100 bp of the balance 50,000 at the period end"),
                new PeriodCloseItem(PeriodCloseItemKind.DebitLimit, A, 0, 20_000, "trailing turnover 80,000: debit limit 10,000 → 20,000 (2,500 bp of turnover, between 5,000 and 50,000)"),
            ],
            plan);
    }

    [Fact]
    public void A_negative_balance_that_is_not_yet_dormant_is_charged_as_usual()
    {
        var plan = Plan(Everything, Qualifying(A) with { LastEntryAt = PeriodEnd.AddDays(-89) });

        Assert.Equal([PeriodCloseItemKind.Levy, PeriodCloseItemKind.Demurrage, PeriodCloseItemKind.DebitLimit], plan.Select(i => i.Kind));
    }

    [Theory]
    [InlineData(66, 0)]   // 0.99 rounds down to nothing, so no item
    [InlineData(67, 1)]   // 1.005
    [InlineData(133, 1)]  // 1.995
    [InlineData(0, 0)]
    public void The_levy_rounds_down_and_is_left_out_when_it_comes_to_nothing(long sales, long levy)
    {
        var plan = Plan(Off with { LevyBasisPoints = 150 }, Member(A) with { SalesInPeriod = sales });

        Assert.Equal(levy == 0 ? [] : [levy], plan.Select(i => i.Amount));
    }

    [Fact]
    public void A_full_levy_takes_all_sales_and_the_largest_sales_do_not_overflow()
    {
        var plan = Plan(Off with { LevyBasisPoints = 10_000 }, Member(A) with { SalesInPeriod = long.MaxValue });

        Assert.Equal(long.MaxValue, Assert.Single(plan).Amount);
    }

    [Theory]
    [InlineData(50_000, 500)]
    [InlineData(199, 1)]
    [InlineData(99, 0)]
    [InlineData(0, 0)]
    [InlineData(-50_000, 0)]
    public void Demurrage_is_on_the_positive_period_end_balance_rounded_down(long balanceAtPeriodEnd, long demurrage)
    {
        // The balance now differs on purpose: demurrage is on the period-end balance only.
        var plan = Plan(Off with { DemurrageBasisPoints = 100 }, Member(A) with { Balance = 1_000_000, BalanceAtPeriodEnd = balanceAtPeriodEnd });

        Assert.Equal(demurrage == 0 ? [] : [demurrage], plan.Select(i => i.Amount));
    }

    [Fact]
    public void A_debit_limit_below_the_minimum_is_raised_to_it()
    {
        var plan = Plan(Everything with { DormantAfter = null, LevyBasisPoints = 0, DemurrageBasisPoints = 0 }, Member(A) with { TrailingTurnover = 8_000, DebitLimit = 0 });

        Assert.Equal([new PeriodCloseItem(PeriodCloseItemKind.DebitLimit, A, 0, 5_000, "trailing turnover 8,000: debit limit 0 → 5,000 (2,500 bp of turnover is 2,000, below the minimum)")], plan);
    }

    [Fact]
    public void A_debit_limit_above_the_maximum_is_capped_and_basis_points_may_exceed_a_whole()
    {
        var policy = Off with { DebitLimitTurnoverBasisPoints = 15_000, MinDebitLimit = 5_000, MaxDebitLimit = 50_000 };

        var capped = Plan(policy, Member(A) with { TrailingTurnover = 40_000, DebitLimit = 10_000 });
        var within = Plan(policy, Member(A) with { TrailingTurnover = 20_000, DebitLimit = 10_000 });

        Assert.Equal([new PeriodCloseItem(PeriodCloseItemKind.DebitLimit, A, 0, 50_000, "trailing turnover 40,000: debit limit 10,000 → 50,000 (15,000 bp of turnover is 60,000, above the maximum)")], capped);
        Assert.Equal(30_000, Assert.Single(within).NewDebitLimit);
    }

    [Fact]
    public void The_turnover_share_rounds_down()
    {
        var policy = Off with { DebitLimitTurnoverBasisPoints = 2_500, MaxDebitLimit = long.MaxValue };

        Assert.Equal(2, Assert.Single(Plan(policy, Member(A) with { TrailingTurnover = 11 })).NewDebitLimit);
    }

    [Fact]
    public void No_item_when_the_new_debit_limit_equals_the_old_one()
    {
        var policy = Everything with { DormantAfter = null, LevyBasisPoints = 0, DemurrageBasisPoints = 0 };

        Assert.Empty(Plan(policy, Member(A) with { TrailingTurnover = 80_000, DebitLimit = 20_000 }));
        Assert.Empty(Plan(policy, Member(A) with { TrailingTurnover = 0, DebitLimit = 5_000 }));
        Assert.Empty(Plan(policy, Member(A) with { TrailingTurnover = long.MaxValue, DebitLimit = 50_000 }));
    }

    [Fact]
    public void A_debit_limit_may_be_lowered_below_the_current_debt()
    {
        var policy = Everything with { DormantAfter = null, LevyBasisPoints = 0, DemurrageBasisPoints = 0 };

        var plan = Plan(policy, Member(A) with { Balance = -30_000, DebitLimit = 40_000, TrailingTurnover = 0 });

        Assert.Equal(5_000, Assert.Single(plan).NewDebitLimit);
    }

    [Fact]
    public void Items_are_ordered_by_account_then_kind_whatever_the_input_order()
    {
        var first = Account(0);
        var c = Account(3);
        var accounts = new[]
        {
            Qualifying(c) with { Balance = 1 },
            Qualifying(A) with { Balance = 1 },
            Qualifying(B),
            Member(first),
        };

        var plan = PeriodClosePlanner.Plan(Everything, PeriodEnd, accounts);

        Assert.Equal(
            [
                (first, PeriodCloseItemKind.DebitLimit),
                (A, PeriodCloseItemKind.Levy), (A, PeriodCloseItemKind.Demurrage), (A, PeriodCloseItemKind.DebitLimit),
                (B, PeriodCloseItemKind.WriteOff),
                (c, PeriodCloseItemKind.Levy), (c, PeriodCloseItemKind.Demurrage), (c, PeriodCloseItemKind.DebitLimit),
            ],
            plan.Select(i => (i.AccountId, i.Kind)));
        Assert.Equal(plan, PeriodClosePlanner.Plan(Everything, PeriodEnd, accounts.Reverse().ToArray()));
    }

    [Fact]
    public void The_largest_figures_do_not_overflow_and_every_reason_fits()
    {
        var policy = new PeriodClosePolicy(10_000, 10_000, TimeSpan.MaxValue, int.MaxValue, long.MaxValue - 1, long.MaxValue);
        var accounts = new[]
        {
            new PeriodCloseAccount(A, AccountKind.Member, AccountStatus.Active, long.MinValue + 1, 0, 0, long.MaxValue, long.MaxValue, null, long.MaxValue, long.MaxValue),
            new PeriodCloseAccount(B, AccountKind.Member, AccountStatus.Active, long.MaxValue, 0, 0, 0, long.MaxValue, DateTimeOffset.MinValue, long.MaxValue, long.MaxValue),

            // The whole calendar is shorter than TimeSpan.MaxValue: not dormant, and comparing must not throw.
            Member(Account(3)) with { Balance = -1, LastEntryAt = DateTimeOffset.MinValue, DebitLimit = long.MaxValue - 1 },
        };

        var plan = PeriodClosePlanner.Plan(policy, DateTimeOffset.MaxValue, accounts);

        Assert.Equal(
            [(PeriodCloseItemKind.WriteOff, long.MaxValue), (PeriodCloseItemKind.Levy, long.MaxValue), (PeriodCloseItemKind.Demurrage, long.MaxValue), (PeriodCloseItemKind.DebitLimit, 0L)],
            plan.Select(i => (i.Kind, i.Amount)));
        Assert.Equal(long.MaxValue, plan[^1].NewDebitLimit);
        Assert.All(plan, i => Assert.InRange(i.Reason.Length, 1, PeriodClosePlanner.MaxReasonLength));
    }

    [Fact]
    public void The_longest_debit_limit_reasons_fit()
    {
        // Every figure as wide as it can be in each wording: within the bounds, capped, and raised.
        var wide = long.MaxValue;
        var within = Plan(new PeriodClosePolicy(0, 0, null, 10_000, 1_000_000_000_000_000_000, wide), Member(A) with { TrailingTurnover = wide - 1, DebitLimit = wide });
        var capped = Plan(new PeriodClosePolicy(0, 0, null, int.MaxValue, 0, wide - 1), Member(A) with { TrailingTurnover = wide, DebitLimit = wide });
        var raised = Plan(new PeriodClosePolicy(0, 0, null, 1, wide, wide), Member(A) with { TrailingTurnover = wide, DebitLimit = 1_000_000_000_000_000_000 });

        Assert.All([.. within, .. capped, .. raised], i => Assert.InRange(i.Reason.Length, 1, PeriodClosePlanner.MaxReasonLength));
        Assert.Equal(3, within.Count + capped.Count + raised.Count);
    }

    public static TheoryData<PeriodClosePolicy> BadPolicies => new(
        Off with { LevyBasisPoints = -1 },
        Off with { LevyBasisPoints = 10_001 },
        Off with { DemurrageBasisPoints = -1 },
        Off with { DemurrageBasisPoints = 10_001 },
        Off with { DormantAfter = TimeSpan.Zero },
        Off with { DormantAfter = TimeSpan.FromTicks(-1) },
        Off with { DebitLimitTurnoverBasisPoints = -1 },
        Off with { MinDebitLimit = -1 },
        Off with { MinDebitLimit = 10, MaxDebitLimit = 9 });

    [Theory]
    [MemberData(nameof(BadPolicies))]
    public void An_out_of_range_policy_is_refused(PeriodClosePolicy policy)
    {
        Assert.Throws<ArgumentException>(policy.Validate);
        Assert.Throws<ArgumentException>(() => Plan(policy));
    }

    [Fact]
    public void The_edges_of_the_policy_ranges_are_accepted()
    {
        new PeriodClosePolicy(10_000, 10_000, TimeSpan.FromTicks(1), int.MaxValue, 0, 0).Validate();
        Off.Validate();
    }

    public static TheoryData<PeriodCloseAccount> BadAccounts => new(
        Member(A) with { SalesInPeriod = -1 },
        Member(A) with { TrailingTurnover = -1 },
        Member(A) with { PendingDebits = -1 },
        Member(A) with { PendingCredits = -1 },
        Member(A) with { DebitLimit = -1 },
        Member(A) with { Balance = long.MinValue },
        Member(A) with { Kind = (AccountKind)99 },
        Member(A) with { Status = (AccountStatus)99 });

    [Theory]
    [MemberData(nameof(BadAccounts))]
    public void An_impossible_account_is_refused_even_when_no_rule_would_touch_it(PeriodCloseAccount account) =>
        Assert.Throws<ArgumentException>(() => Plan(Off, Member(B), account));

    [Fact]
    public void A_repeated_or_missing_account_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Plan(Off, Member(A), Member(B), Member(A) with { Balance = 1 }));
        Assert.Throws<ArgumentException>(() => Plan(Off, Member(A), null!));
        Assert.Throws<ArgumentNullException>(() => PeriodClosePlanner.Plan(null!, PeriodEnd, []));
        Assert.Throws<ArgumentNullException>(() => PeriodClosePlanner.Plan(Off, PeriodEnd, null!));
    }
}
