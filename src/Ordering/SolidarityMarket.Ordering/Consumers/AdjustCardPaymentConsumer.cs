using MassTransit;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Contracts.Ordering;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Features.Checkouts;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.Ordering.Payments;

namespace SolidarityMarket.Ordering.Consumers;

/// <summary>
/// Brings a checkout's card payment in line with its orders after one ended before the buyer paid (cancelled by the
/// buyer, the co-op or expiry), so the buyer is never charged for an order only to be refunded: the provider keeps its
/// fee on a refunded charge. When no order of the payment can still be paid, the payment is cancelled at the provider
/// (the buyer can no longer pay it); while some can, its amount is lowered by the ended orders' totals (ADR 0024).
/// A plain consumer like the other card commands (see <see cref="StartCardPaymentConsumer"/>): the provider calls are
/// outside any transaction and carry idempotency keys derived from the checkout, so a redelivery asks the same.
/// It decides on committed state: every cancellation of such an order sends this command, and the one that commits
/// last finds them all ended. A payment created while its orders were being cancelled is handled where it is
/// recorded (<see cref="StartCardPaymentConsumer"/> sends this command again after recording it).
/// </summary>
public sealed class AdjustCardPaymentConsumer(OrderingDbContext db, ICardPaymentGateway gateway, ILogger<AdjustCardPaymentConsumer> logger)
    : IConsumer<AdjustCardPayment>
{
    /// <summary>Rounds of "ask the provider, then compare with what is recorded" before the bus retries the command.</summary>
    private const int Rounds = 5;

    public Task Consume(ConsumeContext<AdjustCardPayment> context) => AdjustAsync(context.Message.CheckoutId, context.MessageId, context.CancellationToken);

    /// <param name="messageId">The command's id: with the round, it makes each amount change's idempotency key its own.</param>
    public async Task AdjustAsync(Guid checkoutId, Guid? messageId, CancellationToken ct)
    {
        var checkout = await db.Checkouts.FirstOrDefaultAsync(c => c.Id == checkoutId, ct);
        if (checkout?.CardPaymentId is null || checkout.CardPaymentStatus is CardPaymentStatus.Succeeded or CardPaymentStatus.Canceled)
        {
            return;
        }

        if (await CardPaymentStillWantedAsync(db, checkout.Id, ct))
        {
            await LowerAsync(checkout, messageId ?? Guid.NewGuid(), ct);
            return;
        }

        var payment = await gateway.CancelPaymentAsync(checkout.CardPaymentId, $"checkout-{checkout.Id}-cancel-payment", ct);
        if (payment.Status != CardPaymentStatus.Canceled)
        {
            // Too late to cancel (the buyer paid meanwhile): the success notice refunds the cancelled orders.
            logger.LogInformation("Checkout {CheckoutId}: card payment {PaymentId} could not be cancelled, it is {Status}", checkout.Id, payment.PaymentId, payment.Status);
            return;
        }

        checkout.CardPaymentStatus = CardPaymentStatus.Canceled;
        checkout.CardClientSecret = null;
        checkout.Version++;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Checkout {CheckoutId}: card payment {PaymentId} cancelled, every card order in it ended unpaid", checkout.Id, payment.PaymentId);
    }

    /// <summary>Whether an order of the checkout's payment may still be paid, or was paid (then nothing is cancelled).</summary>
    public static Task<bool> CardPaymentStillWantedAsync(OrderingDbContext db, Guid checkoutId, CancellationToken ct) =>
        db.Orders.AsNoTracking().AnyAsync(o => o.CheckoutId == checkoutId && o.PaymentMethod == PaymentMethod.Card && o.InCardPayment
            && (o.PaidAt != null || (o.Status != OrderStatus.Cancelled && o.Status != OrderStatus.Rejected)), ct);

    /// <summary>The checkout's card orders that ended before the buyer paid and are still counted in the payment's amount.</summary>
    public static IQueryable<Order> EndedButStillInAmount(OrderingDbContext db, Guid checkoutId) =>
        db.Orders.Where(o => o.CheckoutId == checkoutId && o.PaymentMethod == PaymentMethod.Card && o.InCardPayment && o.PaidAt == null
            && (o.Status == OrderStatus.Cancelled || o.Status == OrderStatus.Rejected) && o.CardPaymentLoweredToCents == null);

    /// <summary>
    /// Takes the ended, unpaid orders still counted in the payment off its amount — recorded first, in one save under
    /// the checkout's and the orders' concurrency tokens (a concurrent lowering or payment fails it, and the bus
    /// retries on fresh state) — and then makes the provider's amount the recorded one. Whether the provider takes the
    /// new amount or refuses it (the buyer paid first) does not matter for the money: the success path decides from
    /// the amount received which orders were charged (<see cref="Order.CardPaymentLoweredToCents"/>).
    /// </summary>
    private async Task LowerAsync(Checkout checkout, Guid messageId, CancellationToken ct)
    {
        var ended = await EndedButStillInAmount(db, checkout.Id).ToListAsync(ct);
        if (ended.Count > 0)
        {
            var lowered = checkout.CardAmountCents - ended.Sum(o => o.Total);
            if (lowered < CreateCheckout.MinCardAmountCents)
            {
                // Below what a card payment may be (Stripe refuses it): the payment keeps its amount, and if the buyer
                // pays it the success path refunds these orders as before.
                logger.LogInformation("Checkout {CheckoutId}: lowering its card payment to {Amount} cents would go below the minimum; left at {Current}", checkout.Id, lowered, checkout.CardAmountCents);
                return;
            }

            foreach (var order in ended)
            {
                order.CardPaymentLoweredToCents = lowered;
                order.Version++;
            }

            checkout.CardAmountCents = lowered;
            checkout.Version++;
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Checkout {CheckoutId}: {Count} card orders ended unpaid; its payment is lowered to {Amount} cents", checkout.Id, ended.Count, lowered);
        }

        await AskProviderForRecordedAmountAsync(checkout.Id, checkout.CardPaymentId!, messageId, ct);
    }

    /// <summary>
    /// Sets the provider's amount to the recorded one until they agree. Two lowerings of one checkout at once may reach
    /// the provider in the other order (the higher amount last), so after each change the recorded amount is read
    /// again and, if a lower one was recorded meanwhile, asked for in turn. Each change has a key of its own (the
    /// command's id and the round): setting an amount is the same whenever it is repeated, and a key reused for a later
    /// change would only replay the earlier answer and change nothing. Only a payment waiting for a payment method or
    /// a confirmation is lowered: one in the middle of the buyer's authentication (3-D Secure) is left alone, and its
    /// success refunds the ended orders.
    /// </summary>
    private async Task AskProviderForRecordedAmountAsync(Guid checkoutId, string paymentId, Guid messageId, CancellationToken ct)
    {
        for (var round = 1; round <= Rounds; round++)
        {
            var recorded = await db.Checkouts.AsNoTracking().Where(c => c.Id == checkoutId).Select(c => c.CardAmountCents).FirstAsync(ct);
            var payment = await gateway.GetPaymentAsync(paymentId, ct);
            if (payment.AmountCents <= recorded)
            {
                return;
            }

            if (payment.Status is not (CardPaymentStatus.RequiresPaymentMethod or CardPaymentStatus.RequiresConfirmation))
            {
                logger.LogInformation("Checkout {CheckoutId}: card payment {PaymentId} is {Status}, not lowered; if it succeeds, the ended orders are refunded", checkoutId, paymentId, payment.Status);
                return;
            }

            try
            {
                await gateway.ChangePaymentAmountAsync(paymentId, recorded, $"checkout-{checkoutId}-amount-{recorded}-{messageId:N}-{round}", ct);
            }
            catch (CardGatewayException refusal) when (refusal.Code == "payment_intent_unexpected_state")
            {
                // The buyer confirmed it between the read and the change: the payment stays as it is, and its success
                // refunds whatever it charged for ended orders. Any other refusal throws, and the bus retries (then
                // keeps the command with the failed messages for an operator): the buyer is being shown the lower amount.
                logger.LogInformation("Checkout {CheckoutId}: card payment {PaymentId} not lowered to {Amount} cents: {Message}", checkoutId, paymentId, recorded, refusal.Message);
                return;
            }
        }

        throw new InvalidOperationException($"Checkout {checkoutId}: the card payment's amount at the provider still differs from the recorded one after {Rounds} rounds; retried by the bus.");
    }
}

/// <summary>
/// The command's name before it also lowered payments (<see cref="CancelCardPayment"/>): a row written to the outbox, or
/// a message queued, by the previous release is carried out as an <see cref="AdjustCardPayment"/> on its old queue.
/// </summary>
public sealed class CancelCardPaymentConsumer(OrderingDbContext db, ICardPaymentGateway gateway, ILogger<AdjustCardPaymentConsumer> logger) : IConsumer<CancelCardPayment>
{
    public Task Consume(ConsumeContext<CancelCardPayment> context) =>
        new AdjustCardPaymentConsumer(db, gateway, logger).AdjustAsync(context.Message.CheckoutId, context.MessageId, context.CancellationToken);
}
