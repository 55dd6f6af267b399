using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SolidarityMarket.Stripe.Tests.Fake;

/// <summary>The endpoints the gateway calls. Runs under the server's lock.</summary>
public sealed partial class FakeStripeServer
{
    [GeneratedRegex("^/v1/payment_intents/(?<id>[^/]+)$")]
    private static partial Regex PaymentIntentPath();

    [GeneratedRegex("^/v1/payment_intents/(?<id>[^/]+)/cancel$")]
    private static partial Regex CancelPaymentIntentPath();

    [GeneratedRegex("^/v1/charges/(?<id>[^/]+)$")]
    private static partial Regex ChargePath();

    [GeneratedRegex("^/v1/refunds/(?<id>[^/]+)$")]
    private static partial Regex RefundPath();

    [GeneratedRegex("^/v1/transfers/(?<id>[^/]+)/reversals$")]
    private static partial Regex ReversalsPath();

    [GeneratedRegex("^/v1/accounts/(?<id>[^/]+)$")]
    private static partial Regex AccountPath();

    private JsonObject Route(string method, string path, Dictionary<string, string> form)
    {
        switch (method)
        {
            case "POST" when path == "/v1/payment_intents":
                return CreatePaymentIntent(form);
            case "GET" when PaymentIntentPath().Match(path) is { Success: true } m:
                return ReadPaymentIntent(m.Groups["id"].Value, form);
            case "POST" when PaymentIntentPath().Match(path) is { Success: true } m:
                return UpdatePaymentIntent(m.Groups["id"].Value, form);
            case "POST" when CancelPaymentIntentPath().Match(path) is { Success: true } m:
                return CancelPaymentIntent(m.Groups["id"].Value, form);
            case "GET" when ChargePath().Match(path) is { Success: true } m:
                return Stored(m.Groups["id"].Value, "charge");
            case "POST" when path == "/v1/transfers":
                return CreateTransfer(form);
            case "GET" when path == "/v1/transfers":
                return ListTransfers(form);
            case "POST" when path == "/v1/refunds":
                return CreateRefund(form);
            case "GET" when path == "/v1/refunds":
                return ListRefunds(form);
            case "GET" when ReversalsPath().Match(path) is { Success: true } m:
                return ListReversals(m.Groups["id"].Value, form);
            case "GET" when RefundPath().Match(path) is { Success: true } m:
                return Stored(m.Groups["id"].Value, "refund");
            case "POST" when ReversalsPath().Match(path) is { Success: true } m:
                return CreateReversal(m.Groups["id"].Value, form);
            case "POST" when path == "/v1/accounts":
                return CreateAccount(form);
            case "GET" when AccountPath().Match(path) is { Success: true } m:
                return Stored(m.Groups["id"].Value, "account");
            case "POST" when path == "/v1/account_links":
                return CreateAccountLink(form);
            case "GET" when path == "/v1/balance_transactions":
                return ListBalanceTransactions(form);
            default:
                throw new StripeErrorException(new FakeStripeError(404, "invalid_request_error", null, $"Unrecognized request URL ({method}: {path})."));
        }
    }

    private JsonObject CreatePaymentIntent(Dictionary<string, string> form)
    {
        var intent = StripeFixtures.Example("payment_intent");
        var id = NewId("pi");
        intent["id"] = id;
        intent["amount"] = PositiveAmount(form, "amount");
        intent["currency"] = Required(form, "currency");
        intent["amount_received"] = 0L;
        intent["status"] = "requires_payment_method";
        intent["client_secret"] = id + "_secret_fake";
        intent["created"] = Created();
        intent["description"] = form.GetValueOrDefault("description");
        intent["transfer_group"] = form.GetValueOrDefault("transfer_group");
        intent["metadata"] = Metadata(form);
        intent["automatic_payment_methods"] = new JsonObject { ["enabled"] = form.GetValueOrDefault("automatic_payment_methods[enabled]") == "true" };

        // The fixture is a snapshot of a mid-flow intent; a new one has none of these yet.
        foreach (var unset in new[] { "last_payment_error", "latest_charge", "canceled_at", "next_action", "processing", "transfer_data" })
        {
            intent[unset] = null;
        }

        return Store(intent);
    }

    /// <summary>Like Stripe: only an intent not yet succeeded (nor cancelled) can be cancelled; otherwise 400 payment_intent_unexpected_state.</summary>
    private JsonObject CancelPaymentIntent(string id, Dictionary<string, string> form)
    {
        var intent = Stored(id, "payment_intent");
        var status = intent["status"]!.GetValue<string>();
        if (status is "succeeded" or "canceled")
        {
            throw new StripeErrorException(FakeStripeError.Invalid(
                $"You cannot cancel this PaymentIntent because it has a status of {status}.", "payment_intent_unexpected_state"));
        }

        var stored = _objects[id];
        stored["status"] = "canceled";
        stored["canceled_at"] = Created();
        stored["cancellation_reason"] = form.GetValueOrDefault("cancellation_reason");
        return Stored(id, "payment_intent");
    }

    /// <summary>
    /// Like Stripe: the amount (the one field the gateway updates) changes only while the intent awaits a payment
    /// method, confirmation or action; otherwise 400 <c>payment_intent_unexpected_state</c>. Below 50 cents in USD it
    /// is refused with <c>amount_too_small</c>.
    /// </summary>
    private JsonObject UpdatePaymentIntent(string id, Dictionary<string, string> form)
    {
        var intent = Stored(id, "payment_intent");
        var status = intent["status"]!.GetValue<string>();
        if (status is not ("requires_payment_method" or "requires_confirmation" or "requires_action"))
        {
            throw new StripeErrorException(FakeStripeError.Invalid(
                $"This PaymentIntent's amount could not be updated because it has a status of {status}. You may only update the amount of a PaymentIntent with one of the following statuses: requires_payment_method, requires_confirmation, requires_action.",
                "payment_intent_unexpected_state"));
        }

        if (form.ContainsKey("amount"))
        {
            var amount = PositiveAmount(form, "amount");
            if (amount < 50)
            {
                throw new StripeErrorException(FakeStripeError.Invalid("Amount must be at least $0.50 usd.", "amount_too_small"));
            }

            _objects[id]["amount"] = amount;
        }

        return Stored(id, "payment_intent");
    }

    private JsonObject ReadPaymentIntent(string id, Dictionary<string, string> query)
    {
        var intent = Stored(id, "payment_intent");
        var expand = query.Where(q => q.Key.StartsWith("expand[", StringComparison.Ordinal)).Select(q => q.Value).ToList();
        if (expand.Contains("latest_charge") && intent["latest_charge"]?.GetValue<string>() is { } chargeId)
        {
            intent["latest_charge"] = _objects[chargeId].DeepClone();
        }

        return intent;
    }

    private JsonObject CreateTransfer(Dictionary<string, string> form)
    {
        var amount = PositiveAmount(form, "amount");
        var destination = Required(form, "destination");
        Stored(destination, "account");
        var source = form.GetValueOrDefault("source_transaction");
        if (source is not null)
        {
            var charge = Stored(source, "charge");
            if (charge["status"]!.GetValue<string>() != "succeeded")
            {
                throw new StripeErrorException(FakeStripeError.Invalid($"The charge {source} has not succeeded; it cannot fund a transfer.", "invalid_charge"));
            }
        }

        var transfer = StripeFixtures.Example("transfer");
        var id = NewId("tr");
        transfer["id"] = id;
        transfer["amount"] = amount;
        transfer["currency"] = Required(form, "currency");
        transfer["destination"] = destination;
        transfer["transfer_group"] = form.GetValueOrDefault("transfer_group");
        transfer["source_transaction"] = source;
        transfer["metadata"] = Metadata(form);
        transfer["created"] = Created();
        transfer["reversals"]!["url"] = $"/v1/transfers/{id}/reversals";
        transfer["balance_transaction"] = AddBalance("transfer", -amount, 0, id)["id"]!.GetValue<string>();
        return Store(transfer);
    }

    /// <summary>Like Stripe: newest first, filtered by <c>transfer_group</c> and <c>destination</c>, paged with <c>starting_after</c>.</summary>
    private JsonObject ListTransfers(Dictionary<string, string> query)
    {
        var matching = _objects.Values
            .Where(o => o["object"]?.GetValue<string>() == "transfer")
            .Where(t => !query.TryGetValue("transfer_group", out var group) || t["transfer_group"]?.GetValue<string>() == group)
            .Where(t => !query.TryGetValue("destination", out var destination) || t["destination"]?.GetValue<string>() == destination)
            .OrderByDescending(t => t["created"]!.GetValue<long>())
            .ThenByDescending(t => t["id"]!.GetValue<string>(), StringComparer.Ordinal)
            .ToList();
        return Page(matching, query, "/v1/transfers");
    }

    /// <summary>Like Stripe: newest first, filtered by <c>payment_intent</c> and <c>charge</c>, paged with <c>starting_after</c>.</summary>
    private JsonObject ListRefunds(Dictionary<string, string> query)
    {
        var matching = Newest("refund")
            .Where(r => !query.TryGetValue("payment_intent", out var intent) || r["payment_intent"]?.GetValue<string>() == intent)
            .Where(r => !query.TryGetValue("charge", out var charge) || r["charge"]?.GetValue<string>() == charge)
            .ToList();
        return Page(matching, query, "/v1/refunds");
    }

    /// <summary>A transfer's reversals, newest first, paged.</summary>
    private JsonObject ListReversals(string transferId, Dictionary<string, string> query)
    {
        Stored(transferId, "transfer");
        var matching = Newest("transfer_reversal").Where(r => r["transfer"]?.GetValue<string>() == transferId).ToList();
        return Page(matching, query, $"/v1/transfers/{transferId}/reversals");
    }

    private IEnumerable<JsonObject> Newest(string type) => _objects.Values
        .Where(o => o["object"]?.GetValue<string>() == type)
        .OrderByDescending(o => o["created"]!.GetValue<long>())
        .ThenByDescending(o => o["id"]!.GetValue<string>(), StringComparer.Ordinal);

    private JsonObject CreateRefund(Dictionary<string, string> form)
    {
        var intentId = Required(form, "payment_intent");
        var intent = Stored(intentId, "payment_intent");
        if (intent["status"]!.GetValue<string>() != "succeeded" || intent["latest_charge"]?.GetValue<string>() is not { } chargeId)
        {
            throw new StripeErrorException(FakeStripeError.Invalid($"PaymentIntent {intentId} has no succeeded charge to refund.", "charge_not_refundable"));
        }

        var charge = _objects[chargeId];
        var amount = form.ContainsKey("amount") ? PositiveAmount(form, "amount") : charge["amount"]!.GetValue<long>();
        var refunded = charge["amount_refunded"]!.GetValue<long>();
        if (refunded + amount > charge["amount"]!.GetValue<long>())
        {
            throw new StripeErrorException(FakeStripeError.Invalid(
                $"Refund amount ({amount}) is greater than unrefunded amount on charge ({charge["amount"]!.GetValue<long>() - refunded}).", "amount_too_large"));
        }

        charge["amount_refunded"] = refunded + amount;
        charge["refunded"] = refunded + amount == charge["amount"]!.GetValue<long>();
        var refund = StripeFixtures.Example("refund");
        var id = NewId("re");
        refund["id"] = id;
        refund["amount"] = amount;
        refund["charge"] = chargeId;
        refund["payment_intent"] = intentId;
        refund["currency"] = intent["currency"]!.GetValue<string>();
        refund["status"] = "succeeded";
        refund["metadata"] = Metadata(form);
        refund["created"] = Created();
        refund["balance_transaction"] = AddBalance("refund", -amount, 0, id)["id"]!.GetValue<string>();
        return Store(refund);
    }

    private JsonObject CreateReversal(string transferId, Dictionary<string, string> form)
    {
        var transfer = Stored(transferId, "transfer");
        var amount = form.ContainsKey("amount") ? PositiveAmount(form, "amount") : transfer["amount"]!.GetValue<long>();
        var reversed = transfer["amount_reversed"]!.GetValue<long>();
        if (reversed + amount > transfer["amount"]!.GetValue<long>())
        {
            throw new StripeErrorException(FakeStripeError.Invalid($"The reversal amount ({amount}) exceeds what is left of {transferId}.", "amount_too_large"));
        }

        var reversal = StripeFixtures.Example("transfer_reversal");
        var id = NewId("trr");
        reversal["id"] = id;
        reversal["amount"] = amount;
        reversal["transfer"] = transferId;
        reversal["currency"] = transfer["currency"]!.GetValue<string>();
        reversal["metadata"] = Metadata(form);
        reversal["created"] = Created();
        reversal["balance_transaction"] = AddBalance("transfer_refund", amount, 0, id)["id"]!.GetValue<string>();
        _objects[transferId]["amount_reversed"] = reversed + amount;
        _objects[transferId]["reversed"] = reversed + amount == transfer["amount"]!.GetValue<long>();
        return Store(reversal);
    }

    private JsonObject CreateAccount(Dictionary<string, string> form)
    {
        var account = StripeFixtures.Example("account");
        account["id"] = NewId("acct");
        account["country"] = form.GetValueOrDefault("country") ?? "US";
        account["email"] = form.GetValueOrDefault("email");
        account["metadata"] = Metadata(form);
        account["charges_enabled"] = false;
        account["payouts_enabled"] = false;
        account["details_submitted"] = false;
        account["created"] = Created();
        account["capabilities"] = new JsonObject
        {
            ["card_payments"] = form.GetValueOrDefault("capabilities[card_payments][requested]") == "true" ? "inactive" : null,
            ["transfers"] = form.GetValueOrDefault("capabilities[transfers][requested]") == "true" ? "inactive" : null,
        };
        return Store(account);
    }

    private JsonObject CreateAccountLink(Dictionary<string, string> form)
    {
        var accountId = Required(form, "account");
        Stored(accountId, "account");
        if (Required(form, "type") is not ("account_onboarding" or "account_update"))
        {
            throw new StripeErrorException(FakeStripeError.Invalid("Invalid type: must be one of account_onboarding or account_update", "parameter_invalid_empty"));
        }

        Required(form, "refresh_url");
        Required(form, "return_url");
        var link = StripeFixtures.Example("account_link");
        link["created"] = Created();
        link["expires_at"] = Created() + 300;
        link["url"] = $"https://connect.stripe.test/setup/s/{accountId}/{NewId("link")}";
        return link;
    }

    private JsonObject ListBalanceTransactions(Dictionary<string, string> query)
    {
        var from = query.TryGetValue("created[gte]", out var gte) ? long.Parse(gte, CultureInfo.InvariantCulture) : long.MinValue;
        var to = query.TryGetValue("created[lt]", out var lt) ? long.Parse(lt, CultureInfo.InvariantCulture) : long.MaxValue;

        // Stripe lists newest first; starting_after continues after the given object.
        var matching = _balance
            .Where(t => t["created"]!.GetValue<long>() >= from && t["created"]!.GetValue<long>() < to)
            .OrderByDescending(t => t["created"]!.GetValue<long>())
            .ThenByDescending(t => t["id"]!.GetValue<string>(), StringComparer.Ordinal)
            .ToList();
        return Page(matching, query, "/v1/balance_transactions");
    }

    /// <summary>One page of a list answer: at most <c>limit</c> (capped by <see cref="PageSize"/>) after <c>starting_after</c>.</summary>
    private JsonObject Page(List<JsonObject> matching, Dictionary<string, string> query, string url)
    {
        var limit = query.TryGetValue("limit", out var l) ? Math.Min(int.Parse(l, CultureInfo.InvariantCulture), PageSize) : PageSize;
        if (query.TryGetValue("starting_after", out var after))
        {
            matching = matching.SkipWhile(t => t["id"]!.GetValue<string>() != after).Skip(1).ToList();
        }

        var page = new JsonArray([.. matching.Take(limit).Select(t => (JsonNode)t.DeepClone())]);
        return new JsonObject { ["object"] = "list", ["data"] = page, ["has_more"] = matching.Count > limit, ["url"] = url };
    }

    private JsonObject Store(JsonObject value)
    {
        _objects[value["id"]!.GetValue<string>()] = value;
        return value.DeepClone().AsObject();
    }

    private JsonObject Stored(string id, string type) =>
        _objects.TryGetValue(id, out var value) && value["object"]?.GetValue<string>() == type
            ? value.DeepClone().AsObject()
            : throw new StripeErrorException(FakeStripeError.Missing(type, id));

    private static JsonObject Metadata(Dictionary<string, string> form)
    {
        var metadata = new JsonObject();
        foreach (var (name, value) in form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)))
        {
            // Stripe's limits: keys up to 40 characters, values up to 500, at most 50 keys.
            var key = name["metadata[".Length..^1];
            if (key.Length > 40 || value.Length > 500)
            {
                throw new StripeErrorException(FakeStripeError.Invalid(
                    $"Invalid metadata[{key}]: keys can be at most 40 characters and values at most 500 characters.", "parameter_invalid_string_too_long"));
            }

            metadata[key] = value;
        }

        if (metadata.Count > 50)
        {
            throw new StripeErrorException(FakeStripeError.Invalid("Metadata can have at most 50 keys.", "parameter_invalid_string_too_long"));
        }

        return metadata;
    }

    private static string Required(Dictionary<string, string> form, string name) =>
        form.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new StripeErrorException(new FakeStripeError(400, "invalid_request_error", "parameter_missing", $"Missing required param: {name}."));

    private static long PositiveAmount(Dictionary<string, string> form, string name) =>
        long.TryParse(Required(form, name), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount > 0
            ? amount
            : throw new StripeErrorException(FakeStripeError.Invalid($"Invalid positive integer: {name}."));
}
