using CsCheck;

namespace SolidarityMarket.Ledger.Domain.Tests.Properties;

public sealed class LedgerPropertyTests
{
    [Fact]
    public void Random_operation_sequences_keep_every_invariant_after_every_step()
    {
        var frozenWriteOffs = 0;
        Gen.Select(WorldSpec.Generator, Op.Generator.Array[1, 60]).Sample(
            (world, ops) =>
            {
                var run = new LedgerModelRun(world);
                run.Run(ops);
                Interlocked.Add(ref frozenWriteOffs, run.FrozenWriteOffs);
            },
            iter: 400,
            print: t => $"{t.Item1}{Environment.NewLine}{string.Join(Environment.NewLine, t.Item2)}");

        // The one exception to "a frozen account receives nothing" (a write-off of its debt) was exercised.
        Assert.True(frozenWriteOffs > 0, "No write-off of a frozen member's debt was accepted in 400 runs.");
    }

}
