using System.Diagnostics;

namespace SolidarityMarket.Ledger.Domain.Tests.Clearing;

public sealed class ObligationClearingTests(ITestOutputHelper output)
{
    private static readonly Guid A = Account(0);
    private static readonly Guid B = Account(1);
    private static readonly Guid C = Account(2);

    internal static Guid Account(int index) => new(index, 0xA, 0, new byte[8]);

    internal static Guid ObligationId(int index) => new(index, 0xB, 0, new byte[8]);

    private static ClearingObligation Owes(int id, Guid debtor, Guid creditor, long amount) =>
        new(ObligationId(id), debtor, creditor, amount);

    private static long[] SetOffs(ClearingPlan plan) => plan.SetOffs.Select(s => s.SetOff).ToArray();

    private static ClearingPlan PlanAndCertify(IReadOnlyList<ClearingObligation> obligations)
    {
        var plan = ObligationClearing.Plan(obligations);
        Assert.Null(ClearingCertificate.Problem(obligations, plan));
        return plan;
    }

    [Fact]
    public void Empty_input_gives_an_empty_plan()
    {
        var plan = ObligationClearing.Plan([]);

        Assert.Empty(plan.SetOffs);
        Assert.Equal(0, plan.TotalBefore);
        Assert.Equal(0, plan.TotalSetOff);
        Assert.Equal(0, plan.TotalAfter);
    }

    [Fact]
    public void A_three_cycle_clears_fully()
    {
        var plan = PlanAndCertify([Owes(1, A, B, 100), Owes(2, B, C, 100), Owes(3, C, A, 100)]);

        Assert.Equal([100L, 100L, 100L], SetOffs(plan));
        Assert.Equal(300, plan.TotalBefore);
        Assert.Equal(300, plan.TotalSetOff);
        Assert.Equal(0, plan.TotalAfter);
    }

    [Fact]
    public void A_chain_clears_nothing()
    {
        var plan = PlanAndCertify([Owes(1, A, B, 100), Owes(2, B, C, 100)]);

        Assert.Equal([0L, 0L], SetOffs(plan));
        Assert.Equal(200, plan.TotalAfter);
    }

    [Fact]
    public void A_two_cycle_clears_the_smaller_amount_on_both()
    {
        var plan = PlanAndCertify([Owes(1, A, B, 70), Owes(2, B, A, 50)]);

        Assert.Equal([50L, 50L], SetOffs(plan));
        Assert.Equal(20, plan.TotalAfter);
    }

    [Fact]
    public void Reaches_the_optimum_where_cancelling_the_short_cycle_first_does_not()
    {
        // Net: A owes 80, C is owed 80, B is even. Cancelling the 2-cycle A⇄C first (40) and then the 3-cycle (20)
        // leaves 160 owed; the optimum routes 40 directly A→C and 40 through B, leaving 40 + 2·40 = 120.
        var plan = PlanAndCertify([Owes(1, A, B, 100), Owes(2, B, C, 100), Owes(3, C, A, 60), Owes(4, A, C, 40)]);

        Assert.Equal(300, plan.TotalBefore);
        Assert.Equal(120, plan.TotalAfter);
        Assert.Equal([60L, 60L, 60L, 0L], SetOffs(plan));
    }

    [Fact]
    public void Parallel_obligations_of_one_pair_get_the_set_off_in_input_order()
    {
        // A owes B 60 then 50 (oldest first); B owes A 80: the pair A→B sets off 80, first 60 then 20.
        var plan = PlanAndCertify([Owes(1, A, B, 60), Owes(2, B, A, 80), Owes(3, A, B, 50)]);

        Assert.Equal([ObligationId(1), ObligationId(2), ObligationId(3)], plan.SetOffs.Select(s => s.ObligationId));
        Assert.Equal([60L, 80L, 20L], SetOffs(plan));

        var reordered = PlanAndCertify([Owes(3, A, B, 50), Owes(2, B, A, 80), Owes(1, A, B, 60)]);
        Assert.Equal([50L, 80L, 30L], SetOffs(reordered));
    }

    [Fact]
    public void The_same_input_gives_the_same_plan()
    {
        ClearingObligation[] obligations =
        [
            Owes(1, A, B, 100), Owes(2, B, C, 100), Owes(3, C, A, 60), Owes(4, A, C, 40), Owes(5, B, A, 10),
        ];

        Assert.Equal(ObligationClearing.Plan(obligations).SetOffs, ObligationClearing.Plan(obligations).SetOffs);
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => ObligationClearing.Plan([Owes(1, A, B, 0)]));
        Assert.Throws<ArgumentException>(() => ObligationClearing.Plan([Owes(1, A, B, -5)]));
        Assert.Throws<ArgumentException>(() => ObligationClearing.Plan([Owes(1, A, A, 10)]));
        Assert.Throws<ArgumentException>(() => ObligationClearing.Plan([Owes(1, A, B, 10), Owes(1, B, C, 10)]));
        Assert.Throws<ArgumentNullException>(() => ObligationClearing.Plan(null!));
    }

    [Fact]
    public void Totals_past_long_max_overflow()
    {
        Assert.Throws<OverflowException>(() =>
            ObligationClearing.Plan([Owes(1, A, B, long.MaxValue), Owes(2, B, C, 1)]));
    }

    [Fact]
    public void Large_amounts_near_the_limit_clear_exactly()
    {
        var big = long.MaxValue / 3;
        var plan = PlanAndCertify([Owes(1, A, B, big), Owes(2, B, C, big), Owes(3, C, A, big - 1)]);

        Assert.Equal(2, plan.TotalAfter);
    }

    [Fact]
    public void The_certificate_rejects_a_plan_that_leaves_a_cycle_owed()
    {
        // The tests lean on the certificate, so it must be able to fail: no set-off on a 3-cycle is valid but not optimal.
        ClearingObligation[] cycle = [Owes(1, A, B, 100), Owes(2, B, C, 100), Owes(3, C, A, 100)];
        var nothing = new ClearingPlan(cycle.Select(o => new ObligationSetOff(o.Id, 0)).ToArray(), 300, 0);
        var unbalanced = new ClearingPlan(
            [new(ObligationId(1), 100), new(ObligationId(2), 100), new(ObligationId(3), 0)], 300, 200);

        Assert.Contains("negative-cost cycle", ClearingCertificate.Problem(cycle, nothing), StringComparison.Ordinal);
        Assert.Contains("net position moved", ClearingCertificate.Problem(cycle, unbalanced), StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_thousand_obligations_among_a_thousand_accounts()
    {
        var random = new Random(20_240_611);
        var obligations = new ClearingObligation[10_000];
        for (var i = 0; i < obligations.Length; i++)
        {
            var debtor = random.Next(1_000);
            var creditor = (debtor + 1 + random.Next(999)) % 1_000;
            obligations[i] = new ClearingObligation(ObligationId(i), Account(debtor), Account(creditor), random.NextInt64(1, 1_000_001));
        }

        var watch = Stopwatch.StartNew();
        var plan = ObligationClearing.Plan(obligations);
        watch.Stop();

        output.WriteLine($"10,000 obligations among 1,000 accounts: planned in {watch.Elapsed.TotalMilliseconds:0} ms; {plan.TotalBefore} owed, {plan.TotalSetOff} set off, {plan.TotalAfter} left.");
        Assert.Null(ClearingCertificate.Problem(obligations, plan));
        Assert.True(plan.TotalSetOff > 0);
    }
}
