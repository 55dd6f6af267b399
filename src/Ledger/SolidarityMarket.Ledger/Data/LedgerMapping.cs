using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Data;

/// <summary>Converts between stored rows and the domain's immutable states, in both directions, field by field.</summary>
public static class LedgerMapping
{
    public static AccountState ToDomain(this Account a) => new()
    {
        Id = a.Id,
        ExchangeId = a.ExchangeId,
        Kind = a.Kind,
        DebitLimit = a.DebitLimit,
        CreditLimit = a.CreditLimit,
        Status = a.Status,
        Balance = a.Balance,
        PendingDebits = a.PendingDebits,
        PendingCredits = a.PendingCredits,
        Version = a.Version,
    };

    public static void CopyFrom(this Account row, AccountState state)
    {
        row.DebitLimit = state.DebitLimit;
        row.CreditLimit = state.CreditLimit;
        row.Status = state.Status;
        row.Balance = state.Balance;
        row.PendingDebits = state.PendingDebits;
        row.PendingCredits = state.PendingCredits;
        row.Version = state.Version;
    }

    public static Transfer ToDomain(this TransferRecord r) => new()
    {
        Request = new TransferRequest
        {
            Id = r.Id,
            Kind = r.Kind,
            DebitAccountId = r.RequestDebitAccountId,
            CreditAccountId = r.RequestCreditAccountId,
            Amount = r.RequestAmount,
            // Rows written before 2026-12-01 (RequestCode null) hold the request's code and order reference in the
            // applied columns: read back as both, as they always were.
            Code = r.RequestCode ?? r.Code,
            Memo = r.Memo,
            OrderReference = r.RequestCode is null ? r.OrderReference : r.RequestOrderReference,
            Timeout = r.TimeoutTicks is { } ticks ? TimeSpan.FromTicks(ticks) : null,
            PendingId = r.PendingId,
            OriginalId = r.OriginalId,
        },
        ExchangeId = r.ExchangeId,
        DebitAccountId = r.DebitAccountId,
        CreditAccountId = r.CreditAccountId,
        Amount = r.Amount,
        Code = r.Code,
        OrderReference = r.OrderReference,
        CreatedAt = r.CreatedAt,
        ExpiresAt = r.ExpiresAt,
        HoldStatus = r.HoldStatus,
        ResolvedById = r.ResolvedById,
        ResolvedAt = r.ResolvedAt,
        PostedAmount = r.PostedAmount,
        ReversedById = r.ReversedById,
        JournalSequence = r.JournalSequence,
    };

    public static TransferRecord ToRecord(this Transfer t)
    {
        var row = new TransferRecord
        {
            Id = t.Id,
            Kind = t.Kind,
            RequestDebitAccountId = t.Request.DebitAccountId,
            RequestCreditAccountId = t.Request.CreditAccountId,
            RequestAmount = t.Request.Amount,
            RequestCode = t.Request.Code,
            RequestOrderReference = t.Request.OrderReference,
            Code = t.Code,
            Memo = t.Request.Memo,
            OrderReference = t.OrderReference,
            TimeoutTicks = t.Request.Timeout?.Ticks,
            PendingId = t.Request.PendingId,
            OriginalId = t.Request.OriginalId,
            ExchangeId = t.ExchangeId,
            DebitAccountId = t.DebitAccountId,
            CreditAccountId = t.CreditAccountId,
            Amount = t.Amount,
            CreatedAt = t.CreatedAt,
        };
        row.CopyResolution(t);
        return row;
    }

    /// <summary>The only fields of a stored transfer that may change after insertion.</summary>
    public static void CopyResolution(this TransferRecord row, Transfer t)
    {
        row.ExpiresAt = t.ExpiresAt;
        row.HoldStatus = t.HoldStatus;
        row.ResolvedById = t.ResolvedById;
        row.ResolvedAt = t.ResolvedAt;
        row.PostedAmount = t.PostedAmount;
        row.ReversedById = t.ReversedById;
        row.JournalSequence = t.JournalSequence;
    }

    public static JournalEntryRecord ToRecord(this JournalEntry e) => new()
    {
        ExchangeId = e.ExchangeId,
        Sequence = e.Sequence,
        TransferId = e.TransferId,
        Kind = e.Kind,
        Code = e.Code,
        DebitAccountId = e.DebitAccountId,
        CreditAccountId = e.CreditAccountId,
        Amount = e.Amount,
        RelatedTransferId = e.RelatedTransferId,
        PostedAt = e.PostedAt,
        Memo = e.Memo,
        OrderReference = e.OrderReference,
        PreviousHash = e.PreviousHash.ToArray(),
        Hash = e.Hash.ToArray(),
    };

    public static JournalEntry ToDomain(this JournalEntryRecord r) => new(
        r.ExchangeId, r.Sequence, r.TransferId, r.Kind, r.Code, r.DebitAccountId, r.CreditAccountId, r.Amount,
        r.RelatedTransferId, r.PostedAt, r.Memo, r.OrderReference, Hash256.FromBytes(r.PreviousHash), Hash256.FromBytes(r.Hash));

    public static JournalHead Head(this Exchange x) => new(x.Id, x.LastSequence, Hash256.FromBytes(x.LastHash));

    public static ExchangeInfo ToInfo(this Exchange x) => new(x.Id, x.OperatingAccountId, x.ClearingAccountId, x.ReserveAccountId, x.FeeBasisPoints);
}
