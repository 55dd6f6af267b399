using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Ordering.Payments.Stripe;
using SolidarityMarket.Stripe.Tests.Fake;
using Stripe;

namespace SolidarityMarket.Stripe.Tests.Gateway;

/// <summary>Transfers to co-ops and refunds that reverse them, through the real client against the fake server.</summary>
public sealed class TransferAndRefundTests : IDisposable
{
    private readonly GatewayFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Transfer_sends_destination_amount_group_source_charge_and_key_and_maps_the_transfer()
    {
        var checkout = Guid.NewGuid();
        var order = Guid.NewGuid();
        var (_, chargeId, accountId) = await _f.PaidCheckoutAsync(checkout, 5_000);

        var transfer = await _f.Gateway.TransferToVendorAsync(
            new VendorTransferRequest(order, checkout, accountId, 4_500, "usd", chargeId, $"order-{order}-transfer"), CancellationToken.None);

        var sent = Assert.Single(_f.Stripe.RequestsTo("POST", "/v1/transfers"));
        Assert.Equal("4500", sent.Form["amount"]);
        Assert.Equal("usd", sent.Form["currency"]);
        Assert.Equal(accountId, sent.Form["destination"]);
        Assert.Equal(checkout.ToString(), sent.Form["transfer_group"]);
        Assert.Equal(chargeId, sent.Form["source_transaction"]);
        Assert.Equal(order.ToString(), sent.Form["metadata[order_id]"]);
        Assert.Equal($"order-{order}-transfer", sent.IdempotencyKey);
        Assert.StartsWith("tr_", transfer.TransferId, StringComparison.Ordinal);
        Assert.Equal(4_500, transfer.AmountCents);
        Assert.Equal(accountId, transfer.DestinationAccountId);
    }

    [Fact]
    public async Task A_retried_transfer_with_the_same_key_pays_the_co_op_once()
    {
        var checkout = Guid.NewGuid();
        var order = Guid.NewGuid();
        var (_, chargeId, accountId) = await _f.PaidCheckoutAsync(checkout, 5_000);
        var request = new VendorTransferRequest(order, checkout, accountId, 4_500, "usd", chargeId, $"order-{order}-transfer");

        var first = await _f.Gateway.TransferToVendorAsync(request, CancellationToken.None);
        var retry = await _f.Gateway.TransferToVendorAsync(request, CancellationToken.None);

        Assert.Equal(first.TransferId, retry.TransferId);
        var lines = await Lines();
        Assert.Single(lines, l => l.Type == "transfer");
    }

    [Fact]
    public async Task FindTransfer_lists_the_checkouts_transfer_group_over_every_page_and_takes_the_orders_transfer()
    {
        var checkout = Guid.NewGuid();
        var order = Guid.NewGuid();
        var (_, chargeId, accountId) = await _f.PaidCheckoutAsync(checkout, 9_000);
        var wanted = await _f.Gateway.TransferToVendorAsync(new VendorTransferRequest(order, checkout, accountId, 1_500, "usd", chargeId, $"order-{order}-transfer"), CancellationToken.None);
        foreach (var amount in new[] { 1_000L, 2_000, 3_000 })
        {
            var other = Guid.NewGuid();
            await _f.Gateway.TransferToVendorAsync(new VendorTransferRequest(other, checkout, accountId, amount, "usd", chargeId, $"order-{other}-transfer"), CancellationToken.None);
        }

        // Another checkout's transfer for the same order id (it cannot happen, but the group must still decide).
        var (_, otherCharge, _) = await _f.PaidCheckoutAsync(Guid.NewGuid(), 9_000);
        var elsewhere = Guid.NewGuid();
        await _f.Gateway.TransferToVendorAsync(new VendorTransferRequest(order, elsewhere, accountId, 7_000, "usd", otherCharge, $"elsewhere-{order}"), CancellationToken.None);
        var posts = _f.Stripe.RequestsTo("POST", "/v1/transfers").Count;

        var found = await _f.Gateway.FindTransferAsync(checkout, order, CancellationToken.None);

        Assert.Equal(wanted, found);
        var lists = _f.Stripe.RequestsTo("GET", "/v1/transfers");
        Assert.Equal(2, lists.Count); // newest first, two per page: the oldest (the wanted one) is on the second page
        Assert.All(lists, l => Assert.Equal(checkout.ToString(), l.Form["transfer_group"]));
        Assert.Equal(posts, _f.Stripe.RequestsTo("POST", "/v1/transfers").Count);
    }

    [Fact]
    public async Task FindTransfer_of_an_order_never_transferred_is_null()
    {
        var checkout = Guid.NewGuid();
        var (_, chargeId, accountId) = await _f.PaidCheckoutAsync(checkout, 5_000);
        var other = Guid.NewGuid();
        await _f.Gateway.TransferToVendorAsync(new VendorTransferRequest(other, checkout, accountId, 1_000, "usd", chargeId, $"order-{other}-transfer"), CancellationToken.None);

        Assert.Null(await _f.Gateway.FindTransferAsync(checkout, Guid.NewGuid(), CancellationToken.None));
        Assert.Null(await _f.Gateway.FindTransferAsync(Guid.NewGuid(), other, CancellationToken.None));
    }

    [Fact]
    public async Task After_Stripe_forgets_the_key_the_same_transfer_request_creates_a_second_transfer()
    {
        // Why a transfer claimed long ago is looked up, not asked for again (RefundCardOrderConsumer, TransferToVendorConsumer).
        var checkout = Guid.NewGuid();
        var order = Guid.NewGuid();
        var (_, chargeId, accountId) = await _f.PaidCheckoutAsync(checkout, 5_000);
        var request = new VendorTransferRequest(order, checkout, accountId, 4_500, "usd", chargeId, $"order-{order}-transfer");
        var first = await _f.Gateway.TransferToVendorAsync(request, CancellationToken.None);

        _f.Stripe.ForgetIdempotencyKeys();
        var second = await _f.Gateway.TransferToVendorAsync(request, CancellationToken.None);

        Assert.NotEqual(first.TransferId, second.TransferId);
        Assert.Equal(2, (await Lines()).Count(l => l.Type == "transfer"));
    }

    [Fact]
    public async Task A_transfer_funded_by_an_unknown_charge_is_an_invalid_request()
    {
        var (_, _, accountId) = await _f.PaidCheckoutAsync(Guid.NewGuid(), 5_000);

        var refusal = await Assert.ThrowsAsync<CardGatewayException>(() => _f.Gateway.TransferToVendorAsync(
            new VendorTransferRequest(Guid.NewGuid(), Guid.NewGuid(), accountId, 100, "usd", "ch_missing", "k-missing"), CancellationToken.None));

        Assert.Equal(CardGatewayRejection.InvalidRequest, refusal.Rejection);
        Assert.Equal(404, refusal.ProviderStatus);
    }

    [Fact]
    public async Task Refund_refunds_the_intent_then_reverses_the_co_ops_transfer_each_under_its_own_derived_key()
    {
        var (payment, chargeId, _, transfer, order) = await TransferredAsync(5_000, 4_500);

        var refund = await _f.Gateway.RefundAsync(
            new CardRefundRequest(order, payment.PaymentId, 2_000, transfer.TransferId, 1_800, $"order-{order}-refund"), CancellationToken.None);

        var refundSent = Assert.Single(_f.Stripe.RequestsTo("POST", "/v1/refunds"));
        Assert.Equal(payment.PaymentId, refundSent.Form["payment_intent"]);
        Assert.Equal("2000", refundSent.Form["amount"]);
        Assert.Equal($"order-{order}-refund:refund", refundSent.IdempotencyKey);
        var reversalSent = Assert.Single(_f.Stripe.RequestsTo("POST", $"/v1/transfers/{transfer.TransferId}/reversals"));
        Assert.Equal("1800", reversalSent.Form["amount"]);
        Assert.Equal($"order-{order}-refund:transfer-reversal", reversalSent.IdempotencyKey);
        Assert.Equal(refund.RefundId, reversalSent.Form["metadata[refund_id]"]);

        Assert.StartsWith("re_", refund.RefundId, StringComparison.Ordinal);
        Assert.Equal("succeeded", refund.Status);
        Assert.StartsWith("trr_", refund.TransferReversalId, StringComparison.Ordinal);
        Assert.Equal(2_000, _f.Stripe.Get(chargeId)["amount_refunded"]!.GetValue<long>());
        Assert.Equal(1_800, _f.Stripe.Get(transfer.TransferId)["amount_reversed"]!.GetValue<long>());
    }

    [Fact]
    public async Task Refund_without_a_transfer_reverses_nothing()
    {
        var checkout = Guid.NewGuid();
        var order = Guid.NewGuid();
        var (payment, _, _) = await _f.PaidCheckoutAsync(checkout, 5_000);

        var refund = await _f.Gateway.RefundAsync(new CardRefundRequest(order, payment.PaymentId, 5_000, null, 0, $"order-{order}-refund"), CancellationToken.None);

        Assert.Null(refund.TransferReversalId);
        Assert.DoesNotContain(_f.Stripe.Requests, r => r.Path.EndsWith("/reversals", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_crash_between_refund_and_reversal_is_healed_by_the_retry_without_a_second_refund()
    {
        var (payment, chargeId, _, transfer, order) = await TransferredAsync(5_000, 4_500);
        var request = new CardRefundRequest(order, payment.PaymentId, 5_000, transfer.TransferId, 4_500, $"order-{order}-refund");
        _f.Stripe.Fail("POST", $"/v1/transfers/{transfer.TransferId}/reversals", FakeStripeError.Server(), times: 10);

        await Assert.ThrowsAsync<StripeException>(() => _f.Gateway.RefundAsync(request, CancellationToken.None));
        _f.Stripe.ClearFailures();
        var healed = await _f.Gateway.RefundAsync(request, CancellationToken.None);

        Assert.NotNull(healed.TransferReversalId);
        Assert.Equal(5_000, _f.Stripe.Get(chargeId)["amount_refunded"]!.GetValue<long>());
        Assert.Single(await Lines(), l => l.Type == "refund");
        Assert.Single(await Lines(), l => l.Type == "transfer_refund");
    }

    [Fact]
    public async Task Refunding_more_than_was_captured_is_an_invalid_request_and_refunds_nothing()
    {
        var order = Guid.NewGuid();
        var (payment, chargeId, _) = await _f.PaidCheckoutAsync(Guid.NewGuid(), 1_000);

        var refusal = await Assert.ThrowsAsync<CardGatewayException>(() =>
            _f.Gateway.RefundAsync(new CardRefundRequest(order, payment.PaymentId, 1_001, null, 0, $"order-{order}-refund"), CancellationToken.None));

        Assert.Equal(CardGatewayRejection.InvalidRequest, refusal.Rejection);
        Assert.Equal(400, StripeProblems.From(refusal).StatusCode);
        Assert.Equal(0, _f.Stripe.Get(chargeId)["amount_refunded"]!.GetValue<long>());
    }

    [Fact]
    public async Task GetCharge_re_reads_the_total_refunded_over_every_refund_of_the_charge()
    {
        var (payment, chargeId, _) = await _f.PaidCheckoutAsync(Guid.NewGuid(), 5_000);
        Assert.Equal(0, (await _f.Gateway.GetChargeAsync(chargeId, CancellationToken.None)).AmountRefundedCents);

        await _f.Gateway.RefundAsync(new CardRefundRequest(Guid.NewGuid(), payment.PaymentId, 1_200, null, 0, "k-refund-a"), CancellationToken.None);
        await _f.Gateway.RefundAsync(new CardRefundRequest(Guid.NewGuid(), payment.PaymentId, 800, null, 0, "k-refund-b"), CancellationToken.None);
        var charge = await _f.Gateway.GetChargeAsync(chargeId, CancellationToken.None);

        Assert.Equal(new CardCharge(chargeId, payment.PaymentId, 5_000, 2_000), charge);
        Assert.Equal(2, _f.Stripe.RequestsTo("GET", "/v1/charges/" + chargeId).Count);
        var missing = await Assert.ThrowsAsync<CardGatewayException>(() => _f.Gateway.GetChargeAsync("ch_missing", CancellationToken.None));
        Assert.Equal(CardGatewayRejection.InvalidRequest, missing.Rejection);
    }

    private async Task<(CardPayment Payment, string ChargeId, string AccountId, VendorTransfer Transfer, Guid Order)> TransferredAsync(long paid, long transferred)
    {
        var checkout = Guid.NewGuid();
        var order = Guid.NewGuid();
        var (payment, chargeId, accountId) = await _f.PaidCheckoutAsync(checkout, paid);
        var transfer = await _f.Gateway.TransferToVendorAsync(
            new VendorTransferRequest(order, checkout, accountId, transferred, "usd", chargeId, $"order-{order}-transfer"), CancellationToken.None);
        return (payment, chargeId, accountId, transfer, order);
    }

    private async Task<List<BalanceTransactionLine>> Lines()
    {
        var lines = new List<BalanceTransactionLine>();
        await foreach (var line in _f.Gateway.ListBalanceTransactionsAsync(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue.AddDays(-1), CancellationToken.None))
        {
            lines.Add(line);
        }

        return lines;
    }
}
