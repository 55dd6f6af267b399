using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Data;

/// <summary>
/// A payment request (invoice): the holder of <see cref="PayeeAccountId"/> asks the payer account for
/// <see cref="Amount"/> credit hundredths by <see cref="DueDate"/>. The id is the client's idempotency key; the
/// asked-for fields never change after creation. Status: Open → Accepted → Paid, Open → Paid, Open → Declined,
/// Open/Accepted → Cancelled. An accepted, unpaid request is an obligation (input of multilateral clearing).
/// </summary>
public sealed class PaymentRequest
{
    public const int MaxMemoLength = 500;

    public const int MaxReasonLength = 500;

    public Guid Id { get; set; }

    /// <summary>Who is asking (the creditor); the creator holds it.</summary>
    public Guid PayeeAccountId { get; set; }

    /// <summary>Who is asked to pay (the debtor).</summary>
    public Guid PayerAccountId { get; set; }

    /// <summary>What was asked, in credit hundredths; never changes.</summary>
    public long Amount { get; set; }

    /// <summary>
    /// How much of <see cref="Amount"/> multilateral clearing has set off (a clearing run's set-off on this request):
    /// the payer owes only <see cref="Outstanding"/>. No credits moved for it.
    /// </summary>
    public long ClearedAmount { get; set; }

    public string Memo { get; set; } = "";

    public DateOnly DueDate { get; set; }

    public PaymentRequestStatus Status { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public string? AcceptedBy { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    /// <summary>
    /// The id of the trade that pays the request (<see cref="PaymentTradeIdFor"/>), set when a payment starts and
    /// kept once paid. While it is set and the request is not yet paid, a payment is in flight: nothing but that
    /// payment may change the request.
    /// </summary>
    public Guid? TransferId { get; set; }

    public DateTimeOffset? PaymentStartedAt { get; set; }

    public string? PaidBy { get; set; }

    public DateTimeOffset? PaidAt { get; set; }

    /// <summary>Who declined or cancelled (or posted the clearing run that cleared it), when and why.</summary>
    public string? ClosedBy { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? CloseReason { get; set; }

    /// <summary>Bumped by every change; the optimistic concurrency token of the row.</summary>
    public long Version { get; set; }

    public bool PaymentInProgress => TransferId is not null && Status != PaymentRequestStatus.Paid;

    /// <summary>What the payer still owes: the amount less what clearing set off. Paying the request pays this.</summary>
    public long Outstanding => Amount - ClearedAmount;

    /// <summary>
    /// The trade id that pays request <paramref name="requestId"/>: derived, so every attempt to pay the same request
    /// submits the same trade and the ledger applies it at most once.
    /// </summary>
    public static Guid PaymentTradeIdFor(Guid requestId) => DeterministicId.Derive(requestId, "payment-request:payment");

    /// <summary>True when a retry of the creation carries exactly the fields this request was created with.</summary>
    public bool SameAsked(Guid payeeAccountId, Guid payerAccountId, long amount, string memo, DateOnly dueDate) =>
        PayeeAccountId == payeeAccountId && PayerAccountId == payerAccountId && Amount == amount
        && string.Equals(Memo, memo, StringComparison.Ordinal) && DueDate == dueDate;
}

public enum PaymentRequestStatus
{
    /// <summary>Asked; the payer has not answered yet.</summary>
    Open = 0,

    /// <summary>The payer agreed to pay later: an obligation until paid.</summary>
    Accepted = 1,

    /// <summary>A trade from payer to payee paid it (<see cref="PaymentRequest.TransferId"/>).</summary>
    Paid = 2,

    /// <summary>The payer refused it.</summary>
    Declined = 3,

    /// <summary>The payee withdrew it before it was paid.</summary>
    Cancelled = 4,

    /// <summary>
    /// Multilateral clearing set off all of it (<see cref="PaymentRequest.ClearedAmount"/> = amount): the obligation
    /// is discharged without a payment, because the payer's claims on others were reduced by as much.
    /// </summary>
    Cleared = 5,
}
