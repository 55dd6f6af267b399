using CsCheck;

namespace SolidarityMarket.Ledger.Domain.Tests.Properties;

public sealed class LedgerPropertyTests
{
    [Fact]
    public void Random_operation_sequences_keep_every_invariant_after_every_step() =>
        Gen.Select(WorldSpec.Generator, Op.Generator.Array[1, 60]).Sample(
            (world, ops) => new LedgerModelRun(world).Run(ops),
            iter: 400,
            print: t => $"{t.Item1}{Environment.NewLine}{string.Join(Environment.NewLine, t.Item2)}");

}
