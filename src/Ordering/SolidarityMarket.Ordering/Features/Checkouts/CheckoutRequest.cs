using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ordering.Features.Checkouts;

/// <summary>One line to buy.</summary>
public sealed record CheckoutLine(Guid ListingId, int Quantity);

/// <summary>How the buyer pays one vendor: <c>card</c>, or <c>credits</c> from <paramref name="PayerAccountId"/>.</summary>
public sealed record CheckoutPayment(Guid VendorId, string? Method, Guid? PayerAccountId);

/// <summary>
/// The body of <c>POST /api/ordering/checkouts</c>. The lines are in the request (not taken from the stored cart) so
/// that what is bought is exactly what the buyer confirmed and the idempotency check can compare bodies; the cart
/// lines of the bought listings are removed on success.
/// </summary>
public sealed record CheckoutRequest(string? IdempotencyKey, IReadOnlyList<CheckoutLine>? Lines, IReadOnlyList<CheckoutPayment>? Payments)
{
    public const int MaxKeyLength = 100;
    public const int MaxLines = 50;
    public const int MaxQuantity = 10_000;

    private static readonly JsonSerializerOptions HashJson = new(JsonSerializerDefaults.Web);

    /// <summary>The checks that need no data: shape, ranges, duplicates.</summary>
    public RequestErrors Validate()
    {
        var lines = Lines ?? [];
        var payments = Payments ?? [];
        var errors = new RequestErrors()
            .Text(IdempotencyKey, "idempotencyKey", MaxKeyLength)
            .Require(lines.Count is >= 1 and <= MaxLines, "lines", $"lines must hold between 1 and {MaxLines} lines.")
            .Require(lines.All(l => l is not null && l.Quantity is >= 1 and <= MaxQuantity), "lines", $"every quantity must be between 1 and {MaxQuantity}.")
            .Require(lines.Where(l => l is not null).Select(l => l.ListingId).Distinct().Count() == lines.Count, "lines", "a listing may appear only once.")
            .Require(payments.All(p => p is not null && Parse(p.Method) is not null), "payments", "every payment method must be card or credits.")
            .Require(payments.All(p => p is null || Parse(p.Method) != PaymentMethod.Credits || p.PayerAccountId is not null), "payments", "credits need a payerAccountId.")
            .Require(payments.Where(p => p is not null).Select(p => p.VendorId).Distinct().Count() == payments.Count, "payments", "a vendor may appear only once.");
        return errors;
    }

    public static PaymentMethod? Parse(string? method) => method?.Trim().ToLowerInvariant() switch
    {
        "card" => PaymentMethod.Card,
        "credits" => PaymentMethod.Credits,
        _ => null,
    };

    /// <summary>Fingerprint of everything but the key: the same key with a different body is a conflict.</summary>
    public string Hash()
    {
        var canonical = JsonSerializer.Serialize(new { Lines, Payments = Payments?.Select(p => new { p.VendorId, Method = Parse(p.Method), p.PayerAccountId }) }, HashJson);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
