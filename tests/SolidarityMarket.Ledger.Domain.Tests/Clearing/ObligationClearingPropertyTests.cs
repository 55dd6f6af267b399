using CsCheck;

namespace SolidarityMarket.Ledger.Domain.Tests.Clearing;

public sealed class ObligationClearingPropertyTests
{
    /// <summary>
    /// 2–12 accounts and 0–40 obligations between them; with so few accounts, parallel obligations and 2-cycles are
    /// common. Small amounts are mixed in so that many optima tie.
    /// </summary>
    private static readonly Gen<ClearingObligation[]> Obligations =
        Gen.Int[2, 12].SelectMany(accounts =>
            Gen.Select(
                Gen.Int[0, accounts - 1],
                Gen.Int[1, accounts - 1],
                Gen.Frequency((3, Gen.Long[1, 1_000_000]), (1, Gen.Long[1, 10])))
            .Array[0, 40]
            .Select(rows => rows
                .Select((row, i) => new ClearingObligation(
                    ObligationClearingTests.ObligationId(i),
                    ObligationClearingTests.Account(row.Item1),
                    ObligationClearingTests.Account((row.Item1 + row.Item2) % accounts),
                    row.Item3))
                .ToArray()));

    private static string Print(ClearingObligation[] obligations) =>
        string.Join(Environment.NewLine, obligations.Select(o => $"{o.Debtor.ToString()[..8]} owes {o.Creditor.ToString()[..8]} {o.Amount}"));

    [Fact]
    public void Every_plan_is_valid_balanced_and_optimal() =>
        Obligations.Sample(
            obligations =>
            {
                var plan = ObligationClearing.Plan(obligations);
                var problem = ClearingCertificate.Problem(obligations, plan);
                Assert.True(problem is null, problem);
            },
            iter: 2_000,
            print: Print);

    [Fact]
    public void The_amount_left_owed_does_not_depend_on_input_order_and_the_plan_is_repeatable() =>
        Obligations.Sample(
            obligations =>
            {
                var plan = ObligationClearing.Plan(obligations);
                Assert.Equal(plan.SetOffs, ObligationClearing.Plan(obligations).SetOffs);
                Assert.Equal(plan.TotalAfter, ObligationClearing.Plan(obligations.Reverse().ToArray()).TotalAfter);
            },
            iter: 500,
            print: Print);
}
