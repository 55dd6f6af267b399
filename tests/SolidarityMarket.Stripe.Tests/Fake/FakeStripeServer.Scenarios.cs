using System.Text.Json.Nodes;

namespace SolidarityMarket.Stripe.Tests.Fake;

/// <summary>What happens outside the API in real life (the buyer's browser confirms, Stripe reviews an account), set by tests.</summary>
public sealed partial class FakeStripeServer
{
    /// <summary>The buyer paid: a succeeded charge for the whole amount, the intent succeeded, the charge in the balance.</summary>
    public string SucceedPayment(string paymentIntentId, long feeCents = 0)
    {
        lock (_gate)
        {
            var intent = _objects[paymentIntentId];
            if (intent["status"]!.GetValue<string>() == "canceled")
            {
                throw new InvalidOperationException($"{paymentIntentId} is canceled: Stripe would refuse to confirm it.");
            }

            var amount = intent["amount"]!.GetValue<long>();
            var charge = NewCharge(intent, "succeeded");
            charge["amount_captured"] = amount;
            charge["captured"] = true;
            charge["paid"] = true;
            charge["balance_transaction"] = AddBalance("charge", amount, feeCents, charge["id"]!.GetValue<string>())["id"]!.GetValue<string>();
            intent["status"] = "succeeded";
            intent["amount_received"] = amount;
            intent["latest_charge"] = charge["id"]!.GetValue<string>();
            intent["last_payment_error"] = null;
            return charge["id"]!.GetValue<string>();
        }
    }

    /// <summary>The buyer's card was declined: a failed charge, the intent back to requires_payment_method with the error.</summary>
    public string FailPayment(string paymentIntentId, string message = "Your card was declined.")
    {
        lock (_gate)
        {
            var intent = _objects[paymentIntentId];
            var charge = NewCharge(intent, "failed");
            charge["paid"] = false;
            charge["failure_code"] = "card_declined";
            charge["failure_message"] = message;
            intent["status"] = "requires_payment_method";
            intent["latest_charge"] = charge["id"]!.GetValue<string>();
            intent["last_payment_error"] = new JsonObject { ["type"] = "card_error", ["code"] = "card_declined", ["message"] = message };
            return charge["id"]!.GetValue<string>();
        }
    }

    /// <summary>
    /// The buyer's bank refused a refund (days later, as happens with a closed card): the refund failed with a reason,
    /// its amount is no longer counted as refunded on the charge, and the money is back in the platform's balance.
    /// </summary>
    public void FailRefund(string refundId, string failureReason = "expired_or_canceled_card")
    {
        lock (_gate)
        {
            var refund = _objects[refundId];
            refund["status"] = "failed";
            refund["failure_reason"] = failureReason;
            var amount = refund["amount"]!.GetValue<long>();
            var charge = _objects[refund["charge"]!.GetValue<string>()];
            charge["amount_refunded"] = charge["amount_refunded"]!.GetValue<long>() - amount;
            charge["refunded"] = false;
            refund["failure_balance_transaction"] = AddBalance("refund_failure", amount, 0, refundId)["id"]!.GetValue<string>();
        }
    }

    /// <summary>Stripe finished reviewing the account.</summary>
    public void EnableAccount(string accountId, bool charges = true, bool payouts = true)
    {
        lock (_gate)
        {
            _objects[accountId]["charges_enabled"] = charges;
            _objects[accountId]["payouts_enabled"] = payouts;
        }
    }

    /// <summary>Adds a line to the platform balance (type, signed amount, source) created at <paramref name="created"/>.</summary>
    public string AddBalanceTransaction(string type, long amountCents, long feeCents, string? source, DateTimeOffset created)
    {
        lock (_gate)
        {
            var line = AddBalance(type, amountCents, feeCents, source);
            line["created"] = created.ToUnixTimeSeconds();
            return line["id"]!.GetValue<string>();
        }
    }

    /// <summary>An object as stored (for tests that build a webhook event around it).</summary>
    public JsonObject Snapshot(string id) => Get(id);

    private JsonObject NewCharge(JsonObject intent, string status)
    {
        var charge = StripeFixtures.Example("charge");
        charge["id"] = NewId("ch");
        charge["amount"] = intent["amount"]!.GetValue<long>();
        charge["amount_captured"] = 0L;
        charge["amount_refunded"] = 0L;
        charge["refunded"] = false;
        charge["currency"] = intent["currency"]!.GetValue<string>();
        charge["payment_intent"] = intent["id"]!.GetValue<string>();
        charge["transfer_group"] = intent["transfer_group"]?.GetValue<string>();
        charge["status"] = status;
        charge["created"] = Created();
        charge["balance_transaction"] = null;
        _objects[charge["id"]!.GetValue<string>()] = charge;
        return charge;
    }

    private JsonObject AddBalance(string type, long amount, long fee, string? source)
    {
        var line = StripeFixtures.Example("balance_transaction");
        line["id"] = NewId("txn");
        line["type"] = type;
        line["reporting_category"] = type;
        line["amount"] = amount;
        line["fee"] = fee;
        line["net"] = amount - fee;
        line["source"] = source;
        line["created"] = Created();
        line["available_on"] = Created();
        line["description"] = null;
        line["fee_details"] = new JsonArray();
        _balance.Add(line);
        return line;
    }
}
