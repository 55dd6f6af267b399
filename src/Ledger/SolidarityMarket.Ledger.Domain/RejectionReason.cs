namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// Why the ledger refused a command. A refusal is a value, never an exception, and changes nothing.
/// <see cref="RejectionReasons.CategoryOf"/> groups them for HTTP status codes and messages.
/// </summary>
public enum RejectionReason
{
    // ---- The request itself is malformed (400/422).

    /// <summary>The client-supplied id is <see cref="Guid.Empty"/>.</summary>
    MissingId = 1,

    /// <summary>The <see cref="TransferKind"/> value is not one the ledger knows.</summary>
    UnknownTransferKind,

    /// <summary>The <see cref="TransferCode"/> value is not one the ledger knows.</summary>
    UnknownTransferCode,

    /// <summary>The <see cref="AccountKind"/> value is not one the ledger knows.</summary>
    UnknownAccountKind,

    /// <summary>Amount is zero or negative where it must be positive.</summary>
    AmountMustBePositive,

    /// <summary>Payer and payee are the same account.</summary>
    SameAccount,

    MemoTooLong,
    OrderReferenceTooLong,

    /// <summary>A text field holds characters that cannot be stored faithfully (NUL, or broken UTF-16 surrogates).</summary>
    TextNotStorable,

    /// <summary>A hold's timeout is zero, negative or longer than the policy allows.</summary>
    InvalidTimeout,

    /// <summary>A timeout was given on something that is not a hold.</summary>
    TimeoutOnlyForHolds,

    /// <summary>Post, void or reversal without the id of the transfer it refers to.</summary>
    MissingReference,

    /// <summary>A direct transfer or hold carries a pending or original id, or a post carries an original id, etc.</summary>
    UnexpectedReference,

    /// <summary>The <see cref="TransferCode.Reversal"/> code is reserved to reversals the ledger creates.</summary>
    ReversalCodeReserved,

    EmptyBatch,
    BatchTooLarge,
    DuplicateIdInBatch,

    /// <summary>A debit or credit limit is negative.</summary>
    InvalidLimit,

    /// <summary>An exchange id is empty, too long or not storable.</summary>
    InvalidExchangeId,

    // ---- Something referred to does not exist (404).

    AccountNotFound,
    PendingNotFound,
    OriginalNotFound,

    /// <summary>The exchange directory does not know the exchange (trade planning).</summary>
    UnknownExchange,

    // ---- Conflicts with what was already applied (409).

    /// <summary>The id was already applied with different fields.</summary>
    IdAlreadyUsedWithDifferentFields,

    /// <summary>Some ids of a linked batch were already applied, others not: the batch cannot be both new and a retry.</summary>
    IdAlreadyUsedInAnotherBatch,

    PendingAlreadyPosted,
    PendingAlreadyVoided,
    PendingAlreadyExpired,
    AlreadyReversed,

    // ---- The money rules forbid it (422).

    /// <summary>The accounts belong to different exchanges; cross-sector trade goes through the clearing accounts.</summary>
    DifferentExchanges,

    /// <summary>The payer would go below its floor, counting its holds.</summary>
    ExceedsDebitLimit,

    /// <summary>The payee would go above its ceiling, counting holds in its favour.</summary>
    ExceedsCreditLimit,

    AccountFrozen,
    AccountClosed,

    /// <summary>A balance or hold total would leave the range of a 64-bit integer.</summary>
    Overflow,

    /// <summary>Post or void refers to a transfer that is not a hold.</summary>
    NotAPendingTransfer,

    PostAmountExceedsPending,

    /// <summary>Accounts or amount given on a post, void or reversal differ from the transfer it refers to.</summary>
    DoesNotMatchReferencedTransfer,

    /// <summary>Holds and voids move no credits; reverse the post of a hold instead.</summary>
    CannotReversePending,

    CannotReverseReversal,

    /// <summary>The requester may not reverse this transfer.</summary>
    ReversalNotPermitted,

    /// <summary>The payee's window to reverse has passed; an administrator still can.</summary>
    ReversalWindowClosed,

    /// <summary>An item of a linked batch failed, so none was applied; see the index and the cause.</summary>
    LinkedBatchFailed,

    /// <summary>The new limits would already be breached by the current balance and holds.</summary>
    LimitBelowCurrentUsage,

    /// <summary>Only an account at a zero balance can be closed.</summary>
    AccountNotZero,

    AccountHasOpenHolds,

    /// <summary>
    /// An exchange's operating, clearing or reserve account cannot be closed: its trades across sectors and its fees
    /// would have nowhere to go, for good. Freeze it to stop it for a while.
    /// </summary>
    SystemAccountCannotBeClosed,

    /// <summary>
    /// The account is the payer or payee of payment requests still open or accepted (obligations): closing it would
    /// leave them against an account that can never pay or be paid. Pay, decline or cancel them first.
    /// </summary>
    AccountHasOpenPaymentRequests,

    /// <summary>
    /// The work named the balances its accounts must have when it is applied (a settlement run computed on them), and
    /// one of them has changed since: nothing is applied. Compute it again on the current balances.
    /// </summary>
    BalanceChangedSinceExpected,
}
