using CsCheck;

namespace SolidarityMarket.Ledger.Domain.Tests.Properties;

internal enum OpKind
{
    Pay,
    Hold,
    Post,
    Void,
    Expire,
    Reverse,
    FeeTrade,
    CrossSectorTrade,
    SettleHeldTrade,
    LinkedBatch,
    RetrySame,
    RetryDifferent,
    Admin,
    GroupCommit,
    WriteOff,
}

/// <summary>
/// One random step. The ints pick accounts, transfers and variants at run time (modulo what exists then),
/// so every generated sequence is meaningful and shrinks well.
/// </summary>
internal readonly record struct Op(OpKind Kind, int A, int B, int C, long Amount)
{
    private static readonly Gen<OpKind> KindGen = Gen.Frequency(
        (5, Gen.Const(OpKind.Pay)),
        (3, Gen.Const(OpKind.Hold)),
        (3, Gen.Const(OpKind.Post)),
        (2, Gen.Const(OpKind.Void)),
        (2, Gen.Const(OpKind.Expire)),
        (2, Gen.Const(OpKind.Reverse)),
        (3, Gen.Const(OpKind.FeeTrade)),
        (3, Gen.Const(OpKind.CrossSectorTrade)),
        (2, Gen.Const(OpKind.SettleHeldTrade)),
        (2, Gen.Const(OpKind.LinkedBatch)),
        (2, Gen.Const(OpKind.RetrySame)),
        (2, Gen.Const(OpKind.RetryDifferent)),
        (1, Gen.Const(OpKind.Admin)),
        (1, Gen.Const(OpKind.GroupCommit)),
        (2, Gen.Const(OpKind.WriteOff)));

    /// <summary>Mostly ordinary amounts, sometimes zero, negative, huge or at the edge of 64 bits.</summary>
    public static readonly Gen<long> AmountGen = Gen.Frequency(
        (14, Gen.Long[1, 3_000]),
        (1, Gen.Const(0L)),
        (1, Gen.Long[-50, -1]),
        (1, Gen.Long[3_000, 1_000_000]),
        (1, Gen.Long[long.MaxValue - 5, long.MaxValue]));

    public static Gen<Op> Generator { get; } = Gen.Select(
        KindGen, Gen.Int[0, 1_000_000], Gen.Int[0, 1_000_000], Gen.Int[0, 1_000_000], AmountGen,
        (kind, a, b, c, amount) => new Op(kind, a, b, c, amount));
}
