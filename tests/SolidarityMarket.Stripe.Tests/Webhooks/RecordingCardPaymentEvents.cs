using System.Collections.Concurrent;
using SolidarityMarket.Ordering.Payments;

namespace SolidarityMarket.Stripe.Tests.Webhooks;

/// <summary>
/// TEST DOUBLE of the order side (<see cref="ICardPaymentEvents"/>, built by the Ordering core in parallel): records
/// every call so the webhook tests can count what reached Ordering, and can be told to fail.
/// </summary>
public sealed class RecordingCardPaymentEvents : ICardPaymentEvents
{
    private int _failures;

    public ConcurrentQueue<RecordedCall> Calls { get; } = new();

    public sealed record RecordedCall(string Method, string Key, object Payload);

    /// <summary>The next <paramref name="times"/> calls throw (after being recorded), as a broken order side would.</summary>
    public void FailNext(int times) => Interlocked.Exchange(ref _failures, times);

    public IReadOnlyList<RecordedCall> CallsTo(string method) => Calls.Where(c => c.Method == method).ToList();

    public Task PaymentSucceededAsync(CardPayment payment, CancellationToken ct) => Record(nameof(PaymentSucceededAsync), payment.PaymentId, payment);

    public Task PaymentFailedAsync(CardPayment payment, CancellationToken ct) => Record(nameof(PaymentFailedAsync), payment.PaymentId, payment);

    public Task ChargeRefundedAsync(string paymentId, string chargeId, long amountRefundedCents, CancellationToken ct) =>
        Record(nameof(ChargeRefundedAsync), chargeId, (paymentId, chargeId, amountRefundedCents));

    public Task RefundFailedAsync(CardRefundState refund, CancellationToken ct) => Record(nameof(RefundFailedAsync), refund.RefundId, refund);

    public Task DisputeCreatedAsync(string paymentId, string chargeId, string disputeId, long amountCents, string reason, CancellationToken ct) =>
        Record(nameof(DisputeCreatedAsync), disputeId, (paymentId, chargeId, disputeId, amountCents, reason));

    public Task ConnectedAccountUpdatedAsync(ConnectedAccount account, DateTimeOffset observedAt, CancellationToken ct) =>
        Record(nameof(ConnectedAccountUpdatedAsync), account.AccountId, (account, observedAt));

    private Task Record(string method, string key, object payload)
    {
        Calls.Enqueue(new RecordedCall(method, key, payload));
        if (Interlocked.Decrement(ref _failures) >= 0)
        {
            throw new InvalidOperationException("The order side is down (test double told to fail).");
        }

        Interlocked.Exchange(ref _failures, 0);
        return Task.CompletedTask;
    }
}
