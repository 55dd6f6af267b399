using Microsoft.Extensions.Options;
using Stripe;

namespace SolidarityMarket.Ordering.Payments.Stripe;

/// <summary>
/// <see cref="ICardPaymentGateway"/> on Stripe (separate charges and transfers): one PaymentIntent per checkout,
/// one Transfer per co-op funded by the checkout's charge, refunds that reverse the co-op's transfer. Every POST
/// carries an idempotency key derived from the caller's (which is derived from domain ids).
/// </summary>
public sealed partial class StripeCardGateway(IStripeClient client, IOptions<StripeOptions> options) : ICardPaymentGateway
{
    private readonly PaymentIntentService _intents = new(client);
    private readonly ChargeService _charges = new(client);
    private readonly TransferService _transfers = new(client);
    private readonly TransferReversalService _reversals = new(client);
    private readonly RefundService _refunds = new(client);
    private readonly AccountService _accounts = new(client);
    private readonly AccountLinkService _links = new(client);
    private readonly BalanceTransactionService _balance = new(client);

    public string Name => "stripe";

    public Task<CardPayment> CreatePaymentAsync(CardPaymentRequest request, CancellationToken ct) => Call(async () =>
    {
        var metadata = new Dictionary<string, string>(request.Metadata, StringComparer.Ordinal);
        metadata.TryAdd("checkout_id", request.CheckoutId.ToString());
        var intent = await _intents.CreateAsync(
            new PaymentIntentCreateOptions
            {
                Amount = request.AmountCents,
                Currency = CurrencyOf(request.Currency),
                Description = request.Description,
                TransferGroup = request.CheckoutId.ToString(),
                Metadata = metadata,
                AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true },
            },
            Key(request.IdempotencyKey),
            ct);
        return StripeMapping.Payment(intent);
    });

    /// <summary>
    /// Stripe refuses to cancel an intent that succeeded (or was cancelled already) with
    /// <c>payment_intent_unexpected_state</c>; the intent is then re-read and answered as it is.
    /// </summary>
    public Task<CardPayment> CancelPaymentAsync(string paymentId, string idempotencyKey, CancellationToken ct) => Call(async () =>
    {
        try
        {
            var intent = await _intents.CancelAsync(paymentId, new PaymentIntentCancelOptions { CancellationReason = "abandoned" }, Key(idempotencyKey), ct);
            return StripeMapping.Payment(intent);
        }
        catch (StripeException error) when (error.StripeError?.Code == "payment_intent_unexpected_state")
        {
            return await GetPaymentAsync(paymentId, ct);
        }
    });

    /// <summary>
    /// <c>POST /v1/payment_intents/{id}</c> with the new <c>amount</c>. Stripe refuses it once the intent is processing,
    /// succeeded or cancelled (<c>payment_intent_unexpected_state</c>), which reaches the caller as a
    /// <see cref="CardGatewayException"/>.
    /// </summary>
    public Task<CardPayment> ChangePaymentAmountAsync(string paymentId, long amountCents, string idempotencyKey, CancellationToken ct) => Call(async () =>
    {
        var intent = await _intents.UpdateAsync(paymentId, new PaymentIntentUpdateOptions { Amount = amountCents }, Key(idempotencyKey), ct);
        return StripeMapping.Payment(intent);
    });

    public Task<CardPayment> GetPaymentAsync(string paymentId, CancellationToken ct) => Call(async () =>
    {
        // latest_charge expanded: the charge's own status decides whether it is the succeeded charge transfers need.
        var intent = await _intents.GetAsync(paymentId, new PaymentIntentGetOptions { Expand = ["latest_charge"] }, null, ct);
        return StripeMapping.Payment(intent);
    });

    public Task<CardCharge> GetChargeAsync(string chargeId, CancellationToken ct) => Call(async () =>
    {
        var charge = await _charges.GetAsync(chargeId, null, null, ct);
        return new CardCharge(charge.Id, charge.PaymentIntentId, charge.Amount, charge.AmountRefunded);
    });

    public Task<CardRefundState> GetRefundAsync(string refundId, CancellationToken ct) => Call(async () =>
    {
        var refund = await _refunds.GetAsync(refundId, null, null, ct);
        var orderId = refund.Metadata is { } metadata && metadata.TryGetValue("order_id", out var value) && Guid.TryParse(value, out var id) ? id : (Guid?)null;
        return new CardRefundState(refund.Id, refund.Status, refund.FailureReason, orderId);
    });

    public Task<VendorTransfer> TransferToVendorAsync(VendorTransferRequest request, CancellationToken ct) => Call(async () =>
    {
        var transfer = await _transfers.CreateAsync(
            new TransferCreateOptions
            {
                Amount = request.AmountCents,
                Currency = CurrencyOf(request.Currency),
                Destination = request.DestinationAccountId,
                TransferGroup = request.CheckoutId.ToString(),
                SourceTransaction = request.SourceChargeId,
                Metadata = new Dictionary<string, string> { ["order_id"] = request.OrderId.ToString(), ["checkout_id"] = request.CheckoutId.ToString() },
            },
            Key(request.IdempotencyKey),
            ct);
        return new VendorTransfer(transfer.Id, transfer.Amount, transfer.DestinationId);
    });

    /// <summary>
    /// Lists the checkout's transfers (<c>transfer_group</c>, every page) and takes the one whose metadata names the
    /// order — the metadata <see cref="TransferToVendorAsync"/> writes. A read, so it is right however long after the
    /// transfer it is asked, unlike a create under an idempotency key Stripe may have forgotten.
    /// </summary>
    public Task<VendorTransfer?> FindTransferAsync(Guid checkoutId, Guid orderId, CancellationToken ct) => Call(async () =>
    {
        var query = new TransferListOptions { TransferGroup = checkoutId.ToString(), Limit = 100 };
        var transfer = await MadeForOrderAsync(_transfers.ListAutoPagingAsync(query, null, ct), orderId.ToString());
        return transfer is null ? null : new VendorTransfer(transfer.Id, transfer.Amount, transfer.DestinationId);
    });

    /// <summary>
    /// Refund first, then reverse the co-op's transfer, each under its own key derived from the caller's. A crash
    /// between the two is healed by the caller's retry: the refund replays (same key, same refund) and the
    /// reversal is made then. A reversal Stripe refuses (the co-op's balance cannot cover it, say) does not undo the
    /// refund, which is made and must be recorded: the answer carries the refund and the refusal, for the caller to
    /// put on the attention list. A refused refund is a <see cref="CardGatewayException"/> as before (nothing moved).
    /// </summary>
    public Task<CardRefund> RefundAsync(CardRefundRequest request, CancellationToken ct) => Call(async () =>
    {
        // Looked up before asked for (ADR 0016): a redelivery more than a day after a refund that was made but not
        // recorded would otherwise make a second one — Stripe has forgotten the key, and in a checkout of several
        // co-ops the charge has room for it.
        var orderId = request.OrderId.ToString();
        var refund = await MadeForOrderAsync(_refunds.ListAutoPagingAsync(new RefundListOptions { PaymentIntent = request.PaymentId, Limit = 100 }, null, ct), orderId) ?? await _refunds.CreateAsync(
            new RefundCreateOptions
            {
                PaymentIntent = request.PaymentId,
                Amount = request.AmountCents,
                Metadata = new Dictionary<string, string> { ["order_id"] = orderId },
            },
            Key(RefundKey(request.IdempotencyKey)),
            ct);

        string? reversalId = null;
        if (!string.IsNullOrEmpty(request.TransferId) && request.TransferReversalCents > 0)
        {
            try
            {
                var reversal = await MadeForOrderAsync(_reversals.ListAutoPagingAsync(request.TransferId, new TransferReversalListOptions { Limit = 100 }, null, ct), orderId) ?? await _reversals.CreateAsync(
                    request.TransferId,
                    new TransferReversalCreateOptions
                    {
                        Amount = request.TransferReversalCents,
                        Metadata = new Dictionary<string, string> { ["order_id"] = orderId, ["refund_id"] = refund.Id },
                    },
                    Key(ReversalKey(request.IdempotencyKey)),
                    ct);
                reversalId = reversal.Id;
            }
            catch (StripeException error) when (StripeMapping.Refusal(error) is { } refusal)
            {
                return new CardRefund(refund.Id, refund.Status, null, $"{refusal.Code} {refusal.Message}".Trim());
            }
        }

        return new CardRefund(refund.Id, refund.Status, reversalId);
    });

    /// <summary>
    /// The first of a Stripe list (every page read) made for the order: its <c>metadata.order_id</c>, which every
    /// transfer, refund and reversal we create carries (ADR 0016's "look it up before asking again").
    /// </summary>
    private static async Task<T?> MadeForOrderAsync<T>(IAsyncEnumerable<T> objects, string orderId)
        where T : class, IHasMetadata
    {
        await foreach (var item in objects)
        {
            if (item.Metadata is not null && item.Metadata.TryGetValue("order_id", out var id) && id == orderId)
            {
                return item;
            }
        }

        return null;
    }

    /// <summary>The refund's key: the caller's key, suffixed so that the reversal under the same caller key differs.</summary>
    public static string RefundKey(string idempotencyKey) => idempotencyKey + ":refund";

    public static string ReversalKey(string idempotencyKey) => idempotencyKey + ":transfer-reversal";

    private string CurrencyOf(string? requested) => string.IsNullOrWhiteSpace(requested) ? options.Value.Currency : requested.ToLowerInvariant();

    private static RequestOptions Key(string idempotencyKey)
    {
        // An empty key would let Stripe.net invent a random one, and a retry after a crash would then pay twice.
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        return new RequestOptions { IdempotencyKey = idempotencyKey };
    }

    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StripeException error) when (StripeMapping.Refusal(error) is { } refusal)
        {
            throw refusal;
        }
    }
}
