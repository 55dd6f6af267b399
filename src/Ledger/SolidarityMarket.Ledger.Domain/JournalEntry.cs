namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// One posted movement of credits in one exchange's journal: the only source of balances.
/// <see cref="Hash"/> is SHA-256 over <see cref="JournalEncoding"/> of all other fields, including
/// <see cref="PreviousHash"/>, so changing any entry breaks the chain from there on.
/// </summary>
/// <param name="Sequence">1, 2, 3, ... within the exchange, without gaps.</param>
/// <param name="RelatedTransferId">The hold a post resolves, or the original a reversal reverses; otherwise <see cref="Guid.Empty"/>.</param>
/// <param name="PostedAt">UTC, whole microseconds (the precision every supported database keeps).</param>
public sealed record JournalEntry(
    string ExchangeId,
    long Sequence,
    Guid TransferId,
    TransferKind Kind,
    TransferCode Code,
    Guid DebitAccountId,
    Guid CreditAccountId,
    long Amount,
    Guid RelatedTransferId,
    DateTimeOffset PostedAt,
    string Memo,
    string? OrderReference,
    Hash256 PreviousHash,
    Hash256 Hash);
