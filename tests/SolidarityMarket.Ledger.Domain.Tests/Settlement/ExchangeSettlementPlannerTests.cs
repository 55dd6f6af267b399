using CsCheck;

namespace SolidarityMarket.Ledger.Domain.Tests.Settlement;

public sealed class ExchangeSettlementPlannerTests
{
    [Fact]
    public void Importers_are_settled_against_exporters_largest_first_to_zero()
    {
        var plan = ExchangeSettlementPlanner.Plan([new("food", 500), new("housing", -300), new("services", -200), new("care", 0)]);

        Assert.Equal([new ExchangeSettlement("food", "housing", 300), new ExchangeSettlement("food", "services", 200)], plan);
    }

    [Fact]
    public void One_exchange_may_settle_with_several_and_ties_go_by_id()
    {
        var plan = ExchangeSettlementPlanner.Plan([new("b", 100), new("a", 100), new("c", -150), new("d", -50)]);

        Assert.Equal([new ExchangeSettlement("a", "c", 100), new ExchangeSettlement("b", "c", 50), new ExchangeSettlement("b", "d", 50)], plan);
    }

    [Fact]
    public void Nothing_to_settle_without_both_sides_and_bad_input_throws()
    {
        Assert.Empty(ExchangeSettlementPlanner.Plan([new("food", 0), new("care", 0)]));
        Assert.Empty(ExchangeSettlementPlanner.Plan([new("food", 10)]));
        Assert.Throws<ArgumentException>(() => ExchangeSettlementPlanner.Plan([new("food", 1), new("food", -1)]));
        Assert.Throws<ArgumentException>(() => ExchangeSettlementPlanner.Plan([new("", 1)]));
    }

    /// <summary>
    /// Any positions (2–10 exchanges, not necessarily summing to zero): each settlement is from a positive to a
    /// negative position and positive; no position is moved past zero; min(Σ+, Σ−) is settled; at most n − 1
    /// settlements; and the same positions in another order give the same plan.
    /// </summary>
    [Fact]
    public void Every_plan_moves_positions_towards_zero_only_and_settles_all_it_can() =>
        Gen.Long[-1_000_000, 1_000_000].Array[2, 10].Sample(values =>
        {
            var positions = values.Select((v, i) => new ExchangePosition($"x{i}", v)).ToList();
            var plan = ExchangeSettlementPlanner.Plan(positions);

            var left = positions.ToDictionary(p => p.ExchangeId, p => p.Position);
            foreach (var s in plan)
            {
                Assert.True(s.Amount > 0 && left[s.FromExchangeId] >= s.Amount && -left[s.ToExchangeId] >= s.Amount, $"{s} against {string.Join(",", left)}");
                left[s.FromExchangeId] -= s.Amount;
                left[s.ToExchangeId] += s.Amount;
            }

            var positive = values.Where(v => v > 0).Sum();
            var negative = -values.Where(v => v < 0).Sum();
            Assert.Equal(Math.Min(positive, negative), plan.Sum(s => s.Amount));
            Assert.True(left.Values.All(v => v >= 0) || left.Values.All(v => v <= 0), "one side is settled entirely");
            Assert.True(plan.Count <= Math.Max(0, values.Count(v => v != 0) - 1));
            Assert.Equal(plan, ExchangeSettlementPlanner.Plan(positions.AsEnumerable().Reverse().ToList()));
        }, iter: 2_000);
}
