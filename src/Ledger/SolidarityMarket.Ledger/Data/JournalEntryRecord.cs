using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Data;

/// <summary>A posted journal entry: append-only, hash-chained per exchange (see docs/ledger.md).</summary>
public sealed class JournalEntryRecord
{
    public string ExchangeId { get; set; } = "";

    public long Sequence { get; set; }

    public Guid TransferId { get; set; }

    public TransferKind Kind { get; set; }

    public TransferCode Code { get; set; }

    public Guid DebitAccountId { get; set; }

    public Guid CreditAccountId { get; set; }

    public long Amount { get; set; }

    public Guid RelatedTransferId { get; set; }

    public DateTimeOffset PostedAt { get; set; }

    public string Memo { get; set; } = "";

    public string? OrderReference { get; set; }

    public byte[] PreviousHash { get; set; } = [];

    public byte[] Hash { get; set; } = [];
}
