namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// Fees in basis points, rounded down to a whole minor unit. Rounding down because a fee must never exceed the
/// published rate: on small trades, rounding up (or to nearest) would charge more than the rate says, and members
/// would rightly see that as unfair. The fraction is not lost from any balance: the fee is its own transfer, so
/// rounding only decides how much that transfer moves, and every exchange stays zero-sum.
/// </summary>
public static class FeeCalculator
{
    public const int BasisPointsPerWhole = 10_000;

    /// <summary>floor(amount × basisPoints / 10,000), exact for every long amount (128-bit intermediate).</summary>
    public static long Compute(long amount, int basisPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        ArgumentOutOfRangeException.ThrowIfNegative(basisPoints);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(basisPoints, BasisPointsPerWhole);
        return (long)((Int128)amount * basisPoints / BasisPointsPerWhole);
    }
}
