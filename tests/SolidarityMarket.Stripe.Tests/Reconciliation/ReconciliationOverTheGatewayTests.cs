using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Ordering.Payments.Stripe.Reconciliation;
using SolidarityMarket.Stripe.Tests.Gateway;

namespace SolidarityMarket.Stripe.Tests.Reconciliation;

/// <summary>The flow the daily job will run: what the gateway did, read back from Stripe's balance, reconciled.</summary>
public sealed class ReconciliationOverTheGatewayTests : IDisposable
{
    private readonly GatewayFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task A_paid_transferred_and_partly_refunded_checkout_reconciles_and_a_stray_charge_does_not()
    {
        var checkout = Guid.NewGuid();
        var order = Guid.NewGuid();
        var (payment, chargeId, accountId) = await _f.PaidCheckoutAsync(checkout, 8_000);
        var transfer = await _f.Gateway.TransferToVendorAsync(
            new VendorTransferRequest(order, checkout, accountId, 7_200, "usd", chargeId, $"order-{order}-transfer"), CancellationToken.None);
        var refund = await _f.Gateway.RefundAsync(
            new CardRefundRequest(order, payment.PaymentId, 1_000, transfer.TransferId, 900, $"order-{order}-refund"), CancellationToken.None);
        var expected = new ExpectedCardMovements(checkout, chargeId, 8_000,
            [new ExpectedMovement(order, refund.RefundId, 1_000)],
            [new ExpectedMovement(order, transfer.TransferId, 7_200)],
            [new ExpectedMovement(order, refund.TransferReversalId!, 900)]);
        var day = _f.Stripe.Now.AddHours(-12);

        Assert.Empty(StripeReconciliation.Reconcile(await LinesAsync(day), [expected]));

        _f.Stripe.AddBalanceTransaction("charge", 500, 45, "ch_stray", _f.Stripe.Now);
        var stray = Assert.Single(StripeReconciliation.Reconcile(await LinesAsync(day), [expected]));
        Assert.Equal((MismatchKind.UnexpectedTransaction, "ch_stray"), (stray.Kind, stray.ProviderId));
    }

    private async Task<List<BalanceTransactionLine>> LinesAsync(DateTimeOffset from)
    {
        var lines = new List<BalanceTransactionLine>();
        await foreach (var line in _f.Gateway.ListBalanceTransactionsAsync(from, from.AddDays(1), CancellationToken.None))
        {
            lines.Add(line);
        }

        return lines;
    }
}
