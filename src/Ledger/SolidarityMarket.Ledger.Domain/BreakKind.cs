namespace SolidarityMarket.Ledger.Domain;

/// <summary>What kind of inconsistency <see cref="JournalVerifier"/> found.</summary>
public enum BreakKind
{
    /// <summary>An entry's stored hash differs from the hash of its fields: the entry was changed.</summary>
    HashMismatch = 0,

    /// <summary>An entry's previous-hash is not the stored hash of the entry before it: an entry was changed, replaced or inserted.</summary>
    ChainBroken,

    /// <summary>Sequence numbers skip, repeat or go back: entries were deleted, duplicated or reordered.</summary>
    SequenceGap,

    /// <summary>The journal ends somewhere else than the recorded head: entries were cut off the end (or the head is stale).</summary>
    HeadMismatch,

    /// <summary>An entry that cannot be valid: non-positive amount, same account on both sides, unencodable text.</summary>
    InvalidEntry,

    /// <summary>An entry names an account that does not exist.</summary>
    UnknownAccount,

    /// <summary>An entry names an account of another exchange.</summary>
    WrongExchange,

    /// <summary>Two entries for the same transfer: applied more than once.</summary>
    DuplicateTransfer,

    /// <summary>An account's balance is not the replay of its entries.</summary>
    BalanceMismatch,

    /// <summary>An account's balance minus pending debits is below minus its debit limit.</summary>
    BeyondDebitLimit,

    /// <summary>An account's balance plus pending credits is above its credit limit.</summary>
    BeyondCreditLimit,

    /// <summary>Negative limits or hold totals.</summary>
    InvalidAccountState,

    /// <summary>The balances of an exchange do not add up to zero.</summary>
    ExchangeNotZeroSum,

    /// <summary>An account's pending totals differ from the sum of its open holds.</summary>
    PendingTotalsMismatch,

    /// <summary>A transfer that moved balances has no journal entry.</summary>
    MissingEntry,

    /// <summary>An entry has no transfer.</summary>
    OrphanEntry,

    /// <summary>An entry and its transfer disagree on accounts, amount, exchange or sequence.</summary>
    EntryDoesNotMatchTransfer,

    /// <summary>
    /// A post, void or reversal and the transfer it refers to disagree: the hold or original is missing or of the
    /// wrong kind, does not name it back (<see cref="Transfer.ResolvedById"/>, <see cref="Transfer.ReversedById"/>),
    /// or was resolved or reversed twice.
    /// </summary>
    LinkBroken,
}
