using CsCheck;
using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Domain.Tests.Properties;

/// <summary>A random marketplace: three exchanges, each with its system accounts and three members, random limits and fees.</summary>
internal sealed record WorldSpec(int[] FeeBasisPoints, (long Debit, long Credit)[] Limits)
{
    public static readonly string[] Exchanges = ["food", "care", "housing"];
    public const int AccountsPerExchange = 6; // operating, clearing, reserve, 3 members
    public const int MembersPerExchange = 3;

    private static readonly Gen<long> DebitLimit = Gen.Frequency(
        (5, Gen.Long[0, 5_000]),
        (1, Gen.Const(0L)),
        (1, Gen.Const(long.MaxValue)));

    private static readonly Gen<long> CreditLimit = Gen.Frequency(
        (5, Gen.Long[0, 20_000]),
        (2, Gen.Const(AccountState.NoCeiling)));

    public static Gen<WorldSpec> Generator { get; } = Gen.Select(
        Gen.Frequency((1, Gen.Const(0)), (2, Gen.Int[1, 500]), (1, Gen.Const(10_000))).Array[Exchanges.Length],
        Gen.Select(DebitLimit, CreditLimit).Array[Exchanges.Length * AccountsPerExchange],
        (fees, limits) => new WorldSpec(fees, limits));

    public override string ToString() =>
        $"fees [{string.Join(", ", FeeBasisPoints)}] limits [{string.Join(", ", Limits.Select(l => $"-{l.Debit}..{l.Credit}"))}]";
}
