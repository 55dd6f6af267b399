using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Data;

/// <summary>
/// A transfer as stored: the request exactly as the client sent it (so a retry can be compared field by field)
/// and what the ledger made of it. Rows are inserted once; only the hold resolution and reversal link of a row
/// change later, and only through the writer.
/// </summary>
public sealed class TransferRecord
{
    public Guid Id { get; set; }

    // The request as received.
    public TransferKind Kind { get; set; }

    public Guid RequestDebitAccountId { get; set; }

    public Guid RequestCreditAccountId { get; set; }

    public long RequestAmount { get; set; }

    /// <summary>
    /// The request's code, compared when the same id comes again; null on rows written before 2026-12-01, whose
    /// <see cref="Code"/> and <see cref="OrderReference"/> hold the request's values (see there).
    /// </summary>
    public TransferCode? RequestCode { get; set; }

    /// <summary>The request's order reference (null: none given, or a row written before 2026-12-01: see <see cref="RequestCode"/>).</summary>
    public string? RequestOrderReference { get; set; }

    public string Memo { get; set; } = "";

    /// <summary>
    /// The code the ledger applied: for a post or void the hold's, not the request's (a post request is always
    /// <c>Trade</c>); a reversal's is <c>Reversal</c>, as requested. Rows written before 2026-12-01 hold the request's code here (a review found
    /// posts of a fee leg reading back as Trade); they are told apart by <see cref="RequestCode"/> being null.
    /// </summary>
    public TransferCode Code { get; set; }

    /// <summary>The order reference the ledger applied (a post's is the hold's when the request gives none; a reversal's its original's).</summary>
    public string? OrderReference { get; set; }

    public long? TimeoutTicks { get; set; }

    public Guid? PendingId { get; set; }

    public Guid? OriginalId { get; set; }

    // What the ledger applied.
    public string ExchangeId { get; set; } = "";

    public Guid DebitAccountId { get; set; }

    public Guid CreditAccountId { get; set; }

    public long Amount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public HoldStatus HoldStatus { get; set; }

    public Guid? ResolvedById { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public long PostedAmount { get; set; }

    public Guid? ReversedById { get; set; }

    public long? JournalSequence { get; set; }

    // When the transfer is a leg of a trade planned by the service (fees, cross-sector clearing), the trade it
    // belongs to: posting or voiding a held trade settles all its legs together, at the fee rate it was placed with.
    public Guid? TradeId { get; set; }

    public TradeLegRole? TradeRole { get; set; }

    public int? TradeFeeBasisPoints { get; set; }

    // A leg of a hold placed by Ordering's HoldCredits command (the order's payment). It settles only through
    // Ordering's PostHold/VoidHold (or an administrator): a buyer voiding it through the API would leave the order
    // paid with nothing held. Stored, not derived: the order reference and memo are the client's to set.
    public bool PlacedByOrdering { get; set; }
}
