using MassTransit;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Contracts.Ordering;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.Ordering.Payments;

namespace SolidarityMarket.Ordering.Consumers;

/// <summary>
/// Cancels a checkout's card payment at the provider once every card order in it ended before the buyer paid
/// (cancelled by the buyer, the co-op or expiry), so the buyer can no longer pay it. Without this the payment stayed
/// payable: a buyer who paid later was charged and refunded, and the provider keeps its fee on a refunded charge.
/// A plain consumer like the other card commands (see <see cref="StartCardPaymentConsumer"/>): the provider call is
/// outside any transaction and carries an idempotency key derived from the checkout, so a redelivery asks the same.
/// It decides on committed state: every cancellation of such an order sends this command, and the one that commits
/// last finds them all ended. A payment created while its orders were being cancelled is handled where it is
/// recorded (<see cref="StartCardPaymentConsumer"/> sends this command again after recording it).
/// </summary>
public sealed class CancelCardPaymentConsumer(OrderingDbContext db, ICardPaymentGateway gateway, ILogger<CancelCardPaymentConsumer> logger)
    : IConsumer<CancelCardPayment>
{
    public async Task Consume(ConsumeContext<CancelCardPayment> context)
    {
        var ct = context.CancellationToken;
        var checkout = await db.Checkouts.FirstOrDefaultAsync(c => c.Id == context.Message.CheckoutId, ct);
        if (checkout?.CardPaymentId is null || checkout.CardPaymentStatus is CardPaymentStatus.Succeeded or CardPaymentStatus.Canceled)
        {
            return;
        }

        if (await CardPaymentStillWantedAsync(db, checkout.Id, ct))
        {
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
}
