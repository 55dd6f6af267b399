namespace SolidarityMarket.Ordering.Payments;

/// <summary>
/// The card-payment provider as Ordering sees it. Two implementations: Stripe (Stripe.net, when keys are configured)
/// and a clearly labelled simulated gateway for the embedded default and tests. Every call that creates something
/// carries an idempotency key derived from domain ids, so a retry after a crash never charges, transfers or refunds
/// twice.
/// </summary>
public interface ICardPaymentGateway
{
    /// <summary><c>stripe</c> or <c>simulated</c>; stored with each payment so operators can tell them apart.</summary>
    string Name { get; }

    /// <summary>Creates the one payment (PaymentIntent) for a checkout's card-paid orders.</summary>
    Task<CardPayment> CreatePaymentAsync(CardPaymentRequest request, CancellationToken ct);

    /// <summary>
    /// Cancels a payment nobody may pay any more, so the buyer can no longer confirm it. Answers the payment as it is
    /// afterwards: <see cref="CardPaymentStatus.Canceled"/>, or — when the provider no longer allows cancelling it
    /// (already succeeded, say) — its state as it is, for the caller to leave to the success path's refund.
    /// </summary>
    Task<CardPayment> CancelPaymentAsync(string paymentId, string idempotencyKey, CancellationToken ct);

    /// <summary>
    /// Sets the amount of a payment the buyer has not paid yet (Stripe: update the PaymentIntent's <c>amount</c>,
    /// allowed while it requires a payment method, confirmation or action). Throws <see cref="CardGatewayException"/>
    /// when the provider refuses — <c>payment_intent_unexpected_state</c> once the payment is processing, succeeded or
    /// cancelled — and the caller leaves the payment as it is.
    /// </summary>
    Task<CardPayment> ChangePaymentAmountAsync(string paymentId, long amountCents, string idempotencyKey, CancellationToken ct);

    /// <summary>Re-reads a payment from the provider (webhooks act on the fresh object, not the event's copy).</summary>
    Task<CardPayment> GetPaymentAsync(string paymentId, CancellationToken ct);

    /// <summary>
    /// Re-reads a charge: how much of it has been refunded so far, all refunds together. The <c>charge.refunded</c>
    /// webhook acts on this rather than on the event's copy, which may be older than another event already applied.
    /// </summary>
    Task<CardCharge> GetChargeAsync(string chargeId, CancellationToken ct);

    /// <summary>
    /// Re-reads a refund: its status now and, if it failed, why. Refund notices are acted on through this, never
    /// through the notice's copy, which may predate the failure.
    /// </summary>
    Task<CardRefundState> GetRefundAsync(string refundId, CancellationToken ct);

    /// <summary>Pays a co-op its share of a succeeded payment (a Transfer to its connected account).</summary>
    Task<VendorTransfer> TransferToVendorAsync(VendorTransferRequest request, CancellationToken ct);

    /// <summary>
    /// Finds the transfer made for an order, by its checkout (the <c>transfer_group</c>) and the order id in its
    /// metadata; null when there is none. For a transfer claimed but never recorded: asking again with the idempotency
    /// key only returns it while the provider remembers the key (Stripe: about a day), after that it makes another.
    /// </summary>
    Task<VendorTransfer?> FindTransferAsync(Guid checkoutId, Guid orderId, CancellationToken ct);

    /// <summary>Refunds (part of) a payment and reverses the co-op's transfer by the same amount when there was one.</summary>
    Task<CardRefund> RefundAsync(CardRefundRequest request, CancellationToken ct);

    /// <summary>Creates a vendor's connected account (onboarding step one).</summary>
    Task<ConnectedAccount> CreateConnectedAccountAsync(ConnectedAccountRequest request, CancellationToken ct);

    /// <summary>Creates the one-time onboarding link (Account Link) the vendor follows to finish onboarding.</summary>
    Task<Uri> CreateOnboardingLinkAsync(string accountId, Uri refreshUrl, Uri returnUrl, CancellationToken ct);

    /// <summary>Re-reads a connected account's status.</summary>
    Task<ConnectedAccount> GetConnectedAccountAsync(string accountId, CancellationToken ct);

    /// <summary>The platform's balance transactions created in [from, to), for the daily reconciliation.</summary>
    IAsyncEnumerable<BalanceTransactionLine> ListBalanceTransactionsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
}

/// <summary>What to charge for one checkout. Amounts are USD cents.</summary>
/// <param name="CheckoutId">The checkout; also the Stripe <c>transfer_group</c>.</param>
/// <param name="AmountCents">Sum of the card-paid orders of the checkout.</param>
/// <param name="Currency">ISO currency, lower case (<c>usd</c>).</param>
/// <param name="IdempotencyKey">Derived from the checkout id.</param>
/// <param name="Description">Shown to the buyer and in the provider's dashboard.</param>
/// <param name="Metadata">Domain ids stored on the payment (the checkout id; not the order ids, which outgrow Stripe's 500-character value).</param>
public sealed record CardPaymentRequest(
    Guid CheckoutId, long AmountCents, string Currency, string IdempotencyKey, string Description, IReadOnlyDictionary<string, string> Metadata);

/// <summary>A payment as the provider reports it now.</summary>
/// <param name="PaymentId">The provider's id (<c>pi_...</c>, or <c>sim_pi_...</c> for the simulated gateway).</param>
/// <param name="Status">Its state.</param>
/// <param name="AmountCents">The amount asked for.</param>
/// <param name="AmountReceivedCents">The amount captured so far.</param>
/// <param name="ClientSecret">What the buyer's browser needs to confirm it (Stripe.js); null once finished.</param>
/// <param name="ChargeId">The succeeded charge (<c>ch_...</c>), the <c>source_transaction</c> of transfers.</param>
/// <param name="FailureMessage">The last payment error shown to the buyer, if any.</param>
/// <param name="Metadata">The domain ids stored on it (see <see cref="CardPaymentRequest.Metadata"/>).</param>
public sealed record CardPayment(
    string PaymentId,
    CardPaymentStatus Status,
    long AmountCents,
    long AmountReceivedCents,
    string? ClientSecret,
    string? ChargeId,
    string? FailureMessage,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>The states of a payment (Stripe's PaymentIntent statuses).</summary>
public enum CardPaymentStatus
{
    RequiresPaymentMethod,
    RequiresConfirmation,
    RequiresAction,
    Processing,
    RequiresCapture,
    Succeeded,
    Canceled,
}

/// <summary>A charge as the provider reports it now.</summary>
/// <param name="ChargeId">The provider's id (<c>ch_...</c>, or <c>sim_ch_...</c>).</param>
/// <param name="PaymentId">The payment (PaymentIntent) it belongs to, if any.</param>
/// <param name="AmountCents">What was charged.</param>
/// <param name="AmountRefundedCents">What has been refunded so far, all refunds together (Stripe's <c>amount_refunded</c>).</param>
public sealed record CardCharge(string ChargeId, string? PaymentId, long AmountCents, long AmountRefundedCents);

/// <summary>A co-op's share of a checkout's payment.</summary>
/// <param name="OrderId">The vendor's order.</param>
/// <param name="CheckoutId">The checkout (<c>transfer_group</c>).</param>
/// <param name="DestinationAccountId">The co-op's connected account.</param>
/// <param name="AmountCents">The order's amount minus the platform fee.</param>
/// <param name="Currency">ISO currency, lower case.</param>
/// <param name="SourceChargeId">The checkout's charge (<c>source_transaction</c>).</param>
/// <param name="IdempotencyKey">Derived from the order id.</param>
public sealed record VendorTransferRequest(
    Guid OrderId, Guid CheckoutId, string DestinationAccountId, long AmountCents, string Currency, string SourceChargeId, string IdempotencyKey);

/// <summary>A transfer to a co-op as created.</summary>
public sealed record VendorTransfer(string TransferId, long AmountCents, string DestinationAccountId);

/// <summary>A refund of one order's part of a payment.</summary>
/// <param name="OrderId">The order being refunded.</param>
/// <param name="PaymentId">The checkout's payment.</param>
/// <param name="AmountCents">What the buyer gets back.</param>
/// <param name="TransferId">The co-op's transfer to reverse, when one was made.</param>
/// <param name="TransferReversalCents">How much of that transfer to take back.</param>
/// <param name="IdempotencyKey">Derived from the order id.</param>
public sealed record CardRefundRequest(
    Guid OrderId, string PaymentId, long AmountCents, string? TransferId, long TransferReversalCents, string IdempotencyKey);

/// <summary>
/// A refund as created; <paramref name="TransferReversalId"/> when the co-op's transfer was reversed, or
/// <paramref name="TransferReversalRefusal"/> (the provider's code and message) when the refund was made but the
/// provider refused to take the money back from the co-op — the co-op keeps it and an administrator must settle.
/// </summary>
public sealed record CardRefund(string RefundId, string Status, string? TransferReversalId, string? TransferReversalRefusal = null);

/// <summary>A refund as the provider reports it now.</summary>
/// <param name="RefundId">The provider's id (<c>re_...</c>, or <c>sim_re_...</c>).</param>
/// <param name="Status"><c>pending</c>, <c>requires_action</c>, <c>succeeded</c>, <c>failed</c> or <c>canceled</c>.</param>
/// <param name="FailureReason">Why it failed (<c>lost_or_stolen_card</c>, <c>expired_or_canceled_card</c>, ...), if it did.</param>
/// <param name="OrderId">
/// The order it was made for, from its <c>metadata.order_id</c> (every refund we create carries it); null for a refund
/// made elsewhere (the provider's dashboard) or simulated.
/// </param>
public sealed record CardRefundState(string RefundId, string Status, string? FailureReason, Guid? OrderId = null)
{
    /// <summary>The money did not reach the buyer and will not: Stripe returned it to the platform's balance.</summary>
    public bool Failed => Status is "failed" or "canceled";
}

/// <summary>Asks for a vendor's connected account.</summary>
public sealed record ConnectedAccountRequest(Guid VendorId, string? Email, string Country, string IdempotencyKey);

/// <summary>A vendor's connected account and whether it can take charges and be paid out.</summary>
public sealed record ConnectedAccount(string AccountId, bool ChargesEnabled, bool PayoutsEnabled, IReadOnlyDictionary<string, string> Metadata);

/// <summary>One line of the platform's balance history (Stripe balance transaction).</summary>
/// <param name="Id">The provider's id (<c>txn_...</c>).</param>
/// <param name="Type"><c>charge</c>, <c>refund</c>, <c>transfer</c>, <c>transfer_cancel</c> (reversal), <c>adjustment</c>...</param>
/// <param name="AmountCents">Gross amount (negative for money leaving the platform).</param>
/// <param name="FeeCents">The provider's fee.</param>
/// <param name="SourceId">The object it came from (<c>ch_...</c>, <c>re_...</c>, <c>tr_...</c>).</param>
/// <param name="Created">When it was created.</param>
public sealed record BalanceTransactionLine(string Id, string Type, long AmountCents, long FeeCents, string? SourceId, DateTimeOffset Created);
