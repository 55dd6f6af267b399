using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ordering.Data;

namespace SolidarityMarket.Ordering.Payments;

/// <summary>
/// SIMULATED card gateway — no money moves. The default when no Stripe key is configured, so the embedded mode and
/// the tests run the whole card flow. It behaves like the provider where Ordering depends on it: objects are created
/// once per idempotency key (a retry returns the first), payments start as "requires payment method" and only the
/// buyer's simulate endpoint (<see cref="CompleteAsync"/>) makes them succeed or fail; a key reused with another
/// amount (or payment metadata) is refused with an idempotency conflict, as Stripe refuses it; connected accounts can take
/// charges at once (there is no one to onboard). State is in Ordering's database (table SimulatedCardObjects), written
/// through a scope of its own, as an external system would: never part of the caller's transaction.
/// </summary>
public sealed class SimulatedCardGateway(IServiceScopeFactory scopes, TimeProvider time) : ICardPaymentGateway
{
    public const string GatewayName = "simulated";

    public string Name => GatewayName;

    public Task<CardPayment> CreatePaymentAsync(CardPaymentRequest request, CancellationToken ct) =>
        CreateOnceAsync("payment", request.IdempotencyKey, id => new SimulatedCardObject
        {
            Id = "sim_pi_" + id,
            Status = nameof(CardPaymentStatus.RequiresPaymentMethod),
            AmountCents = request.AmountCents,
            ClientSecret = $"sim_pi_{id}_secret_{Guid.NewGuid():N}",
            Metadata = JsonSerializer.Serialize(request.Metadata),
        }, ToPayment, ct, sameRequest: o => o.AmountCents == request.AmountCents && o.Metadata == JsonSerializer.Serialize(request.Metadata));

    /// <summary>As Stripe: a payment not yet succeeded is cancelled (and can no longer be paid); any other is answered as it is.</summary>
    public async Task<CardPayment> CancelPaymentAsync(string paymentId, string idempotencyKey, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var payment = await db.SimulatedCardObjects.FirstOrDefaultAsync(o => o.Kind == "payment" && o.Id == paymentId, ct)
            ?? throw new CardGatewayException(CardGatewayRejection.InvalidRequest, "resource_missing", $"No such payment: {paymentId}.", 404);
        if (payment.Status is not (nameof(CardPaymentStatus.Succeeded) or nameof(CardPaymentStatus.Canceled)))
        {
            payment.Status = nameof(CardPaymentStatus.Canceled);
            await db.SaveChangesAsync(ct);
        }

        return ToPayment(payment);
    }

    /// <summary>
    /// As Stripe: only a payment not yet paid (nor cancelled) takes a new amount, in one conditional update — as the
    /// confirmation is one (<see cref="CompleteAsync"/>), so a change after it is refused and a change before it is
    /// what the buyer pays; otherwise refused with <c>payment_intent_unexpected_state</c>. Unlike Stripe it keeps no
    /// idempotency keys for changes: a repeat sets the amount again (the caller's keys are unique per change anyway).
    /// </summary>
    public async Task<CardPayment> ChangePaymentAmountAsync(string paymentId, long amountCents, string idempotencyKey, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var changed = await db.SimulatedCardObjects
            .Where(o => o.Kind == "payment" && o.Id == paymentId && o.Status != nameof(CardPaymentStatus.Succeeded) && o.Status != nameof(CardPaymentStatus.Canceled))
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.AmountCents, amountCents), ct);
        var payment = await FindAsync("payment", paymentId, ct);
        return changed == 1
            ? ToPayment(payment)
            : throw new CardGatewayException(CardGatewayRejection.InvalidRequest, "payment_intent_unexpected_state",
                $"This payment's amount could not be updated because it has a status of {payment.Status}.", 400);
    }

    public async Task<CardPayment> GetPaymentAsync(string paymentId, CancellationToken ct) =>
        ToPayment(await FindAsync("payment", paymentId, ct));

    /// <summary>The charge of a succeeded simulated payment; refunded = the sum of the refunds made on that payment.</summary>
    public async Task<CardCharge> GetChargeAsync(string chargeId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var payment = await db.SimulatedCardObjects.AsNoTracking().FirstOrDefaultAsync(o => o.Kind == "payment" && o.Reference == chargeId, ct)
            ?? throw new InvalidOperationException($"No simulated charge {chargeId}.");
        var refunded = await db.SimulatedCardObjects.AsNoTracking().Where(o => o.Kind == "refund" && o.Reference == payment.Id).SumAsync(o => o.AmountCents, ct);
        return new CardCharge(chargeId, payment.Id, payment.AmountReceivedCents, refunded);
    }

    /// <summary>The buyer's simulated card confirmation: the payment succeeds (captured in full) or fails. Idempotent for success.</summary>
    public async Task<CardPayment> CompleteAsync(string paymentId, bool succeed, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var payment = await db.SimulatedCardObjects.FirstOrDefaultAsync(o => o.Kind == "payment" && o.Id == paymentId, ct)
            ?? throw new InvalidOperationException($"No simulated payment {paymentId}.");
        if (payment.Status == nameof(CardPaymentStatus.Canceled))
        {
            // As Stripe refuses to confirm a cancelled PaymentIntent.
            throw new CardGatewayException(CardGatewayRejection.InvalidRequest, "payment_intent_unexpected_state",
                "This payment was cancelled (every order in it ended unpaid); it can no longer be paid.", 400);
        }

        if (payment.Status != nameof(CardPaymentStatus.Succeeded))
        {
            if (succeed)
            {
                // One conditional update that captures the amount as it is at that moment: an amount change either
                // lands before it (and is what is charged) or finds the payment succeeded and is refused.
                var chargeId = "sim_ch_" + payment.Id["sim_pi_".Length..];
                var chargedAt = time.GetUtcNow();
                await db.SimulatedCardObjects
                    .Where(o => o.Kind == "payment" && o.Id == paymentId && o.Status != nameof(CardPaymentStatus.Succeeded) && o.Status != nameof(CardPaymentStatus.Canceled))
                    .ExecuteUpdateAsync(u => u
                        .SetProperty(o => o.Status, nameof(CardPaymentStatus.Succeeded))
                        .SetProperty(o => o.AmountReceivedCents, o => o.AmountCents)
                        .SetProperty(o => o.Reference, chargeId)
                        .SetProperty(o => o.ChargedAt, chargedAt)
                        .SetProperty(o => o.FailureMessage, (string?)null), ct);
                return await GetPaymentAsync(paymentId, ct);
            }

            payment.Status = nameof(CardPaymentStatus.RequiresPaymentMethod);
            payment.FailureMessage = "Simulated card declined.";
            await db.SaveChangesAsync(ct);
        }

        return ToPayment(payment);
    }

    public Task<VendorTransfer> TransferToVendorAsync(VendorTransferRequest request, CancellationToken ct) =>
        CreateOnceAsync("transfer", request.IdempotencyKey, id => new SimulatedCardObject
        {
            Id = "sim_tr_" + id,
            Status = "paid",
            AmountCents = request.AmountCents,
            Reference = request.DestinationAccountId,
            Metadata = JsonSerializer.Serialize(TransferMetadata(request.CheckoutId, request.OrderId)),
        }, ToTransfer, ct, sameRequest: o => o.AmountCents == request.AmountCents && o.Reference == request.DestinationAccountId);

    /// <summary>As the Stripe adapter finds it: the transfer whose metadata names the checkout and the order.</summary>
    public async Task<VendorTransfer?> FindTransferAsync(Guid checkoutId, Guid orderId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var wanted = TransferMetadata(checkoutId, orderId);
        var order = orderId.ToString();
        var candidates = await db.SimulatedCardObjects.AsNoTracking().Where(o => o.Kind == "transfer" && o.Metadata.Contains(order)).ToListAsync(ct);
        var found = candidates.FirstOrDefault(o => JsonSerializer.Deserialize<Dictionary<string, string>>(o.Metadata) is { } m
            && wanted.All(w => m.TryGetValue(w.Key, out var v) && v == w.Value));
        return found is null ? null : ToTransfer(found);
    }

    public Task<CardRefund> RefundAsync(CardRefundRequest request, CancellationToken ct) =>
        CreateOnceAsync("refund", request.IdempotencyKey, id => new SimulatedCardObject
        {
            Id = "sim_re_" + id,
            Status = "succeeded",
            AmountCents = request.AmountCents,
            Reference = request.PaymentId,
            // The reversal of the co-op's transfer, when there is something to reverse (as the Stripe adapter decides),
            // is recorded on the refund.
            ClientSecret = request.TransferId is null || request.TransferReversalCents <= 0 ? null : "sim_trr_" + id,
            TransferReversalCents = request.TransferId is null || request.TransferReversalCents <= 0 ? 0 : request.TransferReversalCents,
        }, o => new CardRefund(o.Id, o.Status, o.ClientSecret), ct, (db, c) => RefusesRefundBeyondWhatIsLeftAsync(db, request, c),
            o => o.AmountCents == request.AmountCents && o.Reference == request.PaymentId);

    /// <summary>As Stripe does: a new refund may not exceed what is captured and not yet refunded on the payment.</summary>
    private static async Task RefusesRefundBeyondWhatIsLeftAsync(OrderingDbContext db, CardRefundRequest request, CancellationToken ct)
    {
        var captured = await db.SimulatedCardObjects.AsNoTracking().Where(o => o.Kind == "payment" && o.Id == request.PaymentId).Select(o => o.AmountReceivedCents).FirstOrDefaultAsync(ct);
        var refunded = await db.SimulatedCardObjects.AsNoTracking().Where(o => o.Kind == "refund" && o.Reference == request.PaymentId).SumAsync(o => o.AmountCents, ct);
        if (request.AmountCents > captured - refunded)
        {
            throw new CardGatewayException(CardGatewayRejection.InvalidRequest, "amount_too_large",
                $"Refund amount ({request.AmountCents} cents) is greater than the unrefunded amount on the payment ({captured - refunded} cents).", 400);
        }
    }

    /// <summary>Simulated refunds never fail: the state is the one recorded when it was made.</summary>
    public async Task<CardRefundState> GetRefundAsync(string refundId, CancellationToken ct) =>
        new(refundId, (await FindAsync("refund", refundId, ct)).Status, null);

    public Task<ConnectedAccount> CreateConnectedAccountAsync(ConnectedAccountRequest request, CancellationToken ct) =>
        CreateOnceAsync("account", request.IdempotencyKey, id => new SimulatedCardObject
        {
            Id = "sim_acct_" + id,
            Status = "enabled",
            Metadata = JsonSerializer.Serialize(new Dictionary<string, string> { ["vendor_id"] = request.VendorId.ToString() }),
        }, ToAccount, ct);

    /// <summary>Straight back to the return URL (nothing to fill in), its own query kept and the account added to it.</summary>
    public Task<Uri> CreateOnboardingLinkAsync(string accountId, Uri refreshUrl, Uri returnUrl, CancellationToken ct)
    {
        var back = new UriBuilder(returnUrl);
        var added = $"simulated_account={Uri.EscapeDataString(accountId)}";
        back.Query = back.Query.Length > 1 ? $"{back.Query[1..]}&{added}" : added;
        return Task.FromResult(back.Uri);
    }

    public async Task<ConnectedAccount> GetConnectedAccountAsync(string accountId, CancellationToken ct) =>
        ToAccount(await FindAsync("account", accountId, ct));

    /// <summary>
    /// The lines Stripe would write, as <c>StripeReconciliation</c> reads them: a charge
    /// (source = the charge id) when the payment succeeded, a transfer (source = its <c>tr</c> id), a refund (source =
    /// its <c>re</c> id) and, for a refund that reversed a transfer, a <c>transfer_cancel</c> (source = the <c>trr</c> id).
    /// </summary>
    public async IAsyncEnumerable<BalanceTransactionLine> ListBalanceTransactionsAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var objects = await db.SimulatedCardObjects.AsNoTracking().Where(o => o.Kind != "account").ToListAsync(ct);
        var lines = objects.SelectMany(Lines).Where(l => l.Created >= from && l.Created < to).OrderBy(l => l.Created).ThenBy(l => l.Id, StringComparer.Ordinal);
        foreach (var line in lines)
        {
            yield return line;
        }
    }

    private static IEnumerable<BalanceTransactionLine> Lines(SimulatedCardObject o)
    {
        switch (o.Kind)
        {
            case "payment" when o.ChargedAt is { } charged && o.Reference is not null:
                yield return new BalanceTransactionLine("sim_txn_" + o.Reference, "charge", o.AmountReceivedCents, 0, o.Reference, charged);
                break;
            case "transfer":
                yield return new BalanceTransactionLine("sim_txn_" + o.Id, "transfer", -o.AmountCents, 0, o.Id, o.CreatedAt);
                break;
            case "refund":
                yield return new BalanceTransactionLine("sim_txn_" + o.Id, "refund", -o.AmountCents, 0, o.Id, o.CreatedAt);
                if (o.ClientSecret is { } reversalId)
                {
                    yield return new BalanceTransactionLine("sim_txn_" + reversalId, "transfer_cancel", o.TransferReversalCents, 0, reversalId, o.CreatedAt);
                }

                break;
        }
    }

    /// <param name="refuseIfInvalid">Runs only for a new key (a replay answers with the stored object): throws the provider's refusal.</param>
    /// <param name="sameRequest">Whether the stored object was made by the same parameters; if not, the key's reuse is refused as Stripe does.</param>
    private async Task<T> CreateOnceAsync<T>(
        string kind, string idempotencyKey, Func<string, SimulatedCardObject> create, Func<SimulatedCardObject, T> view, CancellationToken ct,
        Func<OrderingDbContext, CancellationToken, Task>? refuseIfInvalid = null, Func<SimulatedCardObject, bool>? sameRequest = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var existing = await db.SimulatedCardObjects.AsNoTracking().FirstOrDefaultAsync(o => o.Kind == kind && o.IdempotencyKey == idempotencyKey, ct);
        if (existing is not null)
        {
            return SameRequest(existing, idempotencyKey, sameRequest) ? view(existing) : throw IdempotencyConflict(idempotencyKey);
        }

        if (refuseIfInvalid is not null)
        {
            await refuseIfInvalid(db, ct);
        }

        var created = create(Guid.CreateVersion7(time.GetUtcNow()).ToString("N"));
        created.Kind = kind;
        created.IdempotencyKey = idempotencyKey;
        created.CreatedAt = time.GetUtcNow();
        db.SimulatedCardObjects.Add(created);
        try
        {
            await db.SaveChangesAsync(ct);
            return view(created);
        }
        catch (DbUpdateException)
        {
            // A concurrent call with the same key won the unique index: answer with its object, as the provider would.
            db.ChangeTracker.Clear();
            var winner = await db.SimulatedCardObjects.AsNoTracking().FirstAsync(o => o.Kind == kind && o.IdempotencyKey == idempotencyKey, ct);
            return SameRequest(winner, idempotencyKey, sameRequest) ? view(winner) : throw IdempotencyConflict(idempotencyKey);
        }
    }

    private static bool SameRequest(SimulatedCardObject stored, string idempotencyKey, Func<SimulatedCardObject, bool>? sameRequest) =>
        sameRequest is null || sameRequest(stored);

    /// <summary>Stripe's answer to a key reused with other parameters: a 400 <c>idempotency_error</c>, nothing created.</summary>
    private static CardGatewayException IdempotencyConflict(string idempotencyKey) =>
        new(CardGatewayRejection.IdempotencyConflict, null,
            $"Keys for idempotent requests can only be used with the same parameters they were first used with (key '{idempotencyKey}').", 400);

    private static Dictionary<string, string> TransferMetadata(Guid checkoutId, Guid orderId) =>
        new() { ["checkout_id"] = checkoutId.ToString(), ["order_id"] = orderId.ToString() };

    private static VendorTransfer ToTransfer(SimulatedCardObject o) => new(o.Id, o.AmountCents, o.Reference!);

    private async Task<SimulatedCardObject> FindAsync(string kind, string id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        return await db.SimulatedCardObjects.AsNoTracking().FirstOrDefaultAsync(o => o.Kind == kind && o.Id == id, ct)
            ?? throw new InvalidOperationException($"No simulated {kind} {id}.");
    }

    private static CardPayment ToPayment(SimulatedCardObject o) => new(
        o.Id,
        Enum.Parse<CardPaymentStatus>(o.Status),
        o.AmountCents,
        o.AmountReceivedCents,
        o.Status is nameof(CardPaymentStatus.Succeeded) or nameof(CardPaymentStatus.Canceled) ? null : o.ClientSecret,
        o.Reference,
        o.FailureMessage,
        JsonSerializer.Deserialize<Dictionary<string, string>>(o.Metadata) ?? []);

    private static ConnectedAccount ToAccount(SimulatedCardObject o) =>
        new(o.Id, ChargesEnabled: true, PayoutsEnabled: true, JsonSerializer.Deserialize<Dictionary<string, string>>(o.Metadata) ?? []);
}
