namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// What a transfer request does. The numeric values are part of the journal's hashed encoding.
/// </summary>
public enum TransferKind
{
    /// <summary>Moves credits at once: a posted journal entry.</summary>
    Direct = 0,

    /// <summary>
    /// Places a hold: reserves the amount against the payer's floor and the payee's ceiling without moving
    /// any balance. Resolved exactly once, by a <see cref="PostPending"/>, a <see cref="VoidPending"/> or expiry.
    /// </summary>
    Pending = 1,

    /// <summary>Posts a hold, for its full amount or less; the unposted rest is released.</summary>
    PostPending = 2,

    /// <summary>Releases a hold without moving credits.</summary>
    VoidPending = 3,

    /// <summary>Moves the amount of an earlier posted transfer back, linking the two both ways.</summary>
    Reversal = 4,
}
