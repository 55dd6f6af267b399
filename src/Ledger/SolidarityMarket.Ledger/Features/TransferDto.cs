using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Features;

/// <summary>A transfer as clients see it. Amounts are credit hundredths.</summary>
public sealed record TransferDto(
    Guid Id, string Kind, string Code, string ExchangeId, Guid DebitAccountId, Guid CreditAccountId, long Amount,
    string Memo, string? OrderReference, string HoldStatus, long PostedAmount, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, Guid? PendingId, Guid? OriginalId, Guid? ReversedById, Guid? TradeId)
{
    public static TransferDto From(Transfer t, Guid? tradeId = null) => new(
        t.Id, t.Kind.ToString(), t.Code.ToString(), t.ExchangeId, t.DebitAccountId, t.CreditAccountId, t.Amount,
        t.Memo, t.OrderReference, t.HoldStatus.ToString(), t.PostedAmount, t.CreatedAt, t.ExpiresAt, t.PendingId,
        t.OriginalId, t.ReversedById, tradeId);

    public static TransferDto From(TransferRecord r) => From(r.ToDomain(), r.TradeId);
}

/// <summary>The outcome of a submission: every transfer it created (legs of a trade included).</summary>
public sealed record TransferResultDto(bool Replay, IReadOnlyList<TransferDto> Transfers);
