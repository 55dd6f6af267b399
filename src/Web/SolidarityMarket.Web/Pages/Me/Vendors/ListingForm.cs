using System.Globalization;
using SolidarityMarket.Web.Vendors;

namespace SolidarityMarket.Web.Pages.Me.Vendors;

/// <summary>
/// A listing's fields as the new and edit forms carry them: text as typed, read into the Catalog's body here. Prices
/// are typed in dollars and credits ("12.50") and sent in minor units (<see cref="PriceText"/>); one quantity field is
/// a good's stock or a service's capacity (empty: no limit). What the form cannot know — the sector's categories, the
/// required fields of each kind — the Catalog checks, and its 400 messages are shown on the form.
/// </summary>
public sealed class ListingForm
{
    public string? Title { get; set; }

    public string? Description { get; set; }

    public string Kind { get; set; } = "Good";

    public string? Sector { get; set; }

    public string? Category { get; set; }

    public string? Unit { get; set; }

    public string? CardPrice { get; set; }

    public string? CreditPrice { get; set; }

    public string? Quantity { get; set; }

    /// <summary>
    /// The new-listing form's one-time idempotency key, made when the form is first shown and sent back from a hidden
    /// field, so a form sent twice (a double click, a retry after a timeout) makes one draft; none for an edit.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>A new, empty form for <paramref name="sector"/> with a fresh key.</summary>
    public static ListingForm New(string? sector) => new() { Sector = sector, Key = Guid.NewGuid().ToString("N") };

    /// <summary>The listing's version as the edit form read it (ADR 0017); none for a new listing.</summary>
    public int? Version { get; set; }

    /// <summary>
    /// The stock or capacity as the edit form read it. Orders change the stock without the vendor, so a refused edit
    /// whose quantity now matches proves nothing unless the vendor left the quantity as it was.
    /// </summary>
    public string? QuantityRead { get; set; }

    /// <summary>Whether the vendor typed another stock or capacity than the form was shown with.</summary>
    public bool ChangesQuantity => !string.Equals(Quantity?.Trim() ?? "", QuantityRead?.Trim() ?? "", StringComparison.Ordinal);

    public static ListingForm From(ManagedListing listing) => new()
    {
        Title = listing.Title,
        Description = listing.Description,
        Kind = listing.Kind,
        Sector = listing.Sector,
        Category = listing.Category,
        Unit = listing.Unit,
        CardPrice = PriceText.Format(listing.PriceCents),
        CreditPrice = PriceText.Format(listing.PriceCredits),
        Quantity = (listing.Kind == "Service" ? listing.Capacity : listing.Stock)?.ToString(CultureInfo.InvariantCulture) ?? "",
        QuantityRead = (listing.Kind == "Service" ? listing.Capacity : listing.Stock)?.ToString(CultureInfo.InvariantCulture) ?? "",
        Version = listing.Version,
    };

    /// <summary>The body to send, or the messages of what was typed wrong (then nothing is sent).</summary>
    public bool TryRead(out ListingFields fields, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        if (!PriceText.TryParse(CardPrice, "The card price", "dollars", out var cents, out var centsError))
        {
            problems.Add(centsError);
        }

        if (!PriceText.TryParse(CreditPrice, "The credit price", "credits", out var credits, out var creditsError))
        {
            problems.Add(creditsError);
        }

        if (cents is null && credits is null && problems.Count == 0)
        {
            problems.Add("Give a card price, a credit price, or both.");
        }

        var quantityText = (Quantity ?? "").Trim();
        int? quantity = null;
        if (quantityText.Length > 0)
        {
            // Digits only: "1e3", "+5" or "12.0" are not a count of things.
            if (quantityText.Length <= 10 && quantityText.All(char.IsAsciiDigit) && long.Parse(quantityText, CultureInfo.InvariantCulture) is var n && n <= MaxQuantity)
            {
                quantity = (int)n;
            }
            else
            {
                problems.Add($"Stock or capacity: write a whole number from 0 to {MaxQuantity.ToString("#,0", CultureInfo.InvariantCulture)}, e.g. 12.");
            }
        }

        // The Catalog reads the kind in any case; so does the form, which decides between stock and capacity by it.
        var service = string.Equals(Kind?.Trim(), "Service", StringComparison.OrdinalIgnoreCase);
        fields = new ListingFields(
            Title?.Trim() ?? "", Description?.Trim() ?? "", service ? "Service" : Kind?.Trim() ?? "", Sector?.Trim() ?? "", Category?.Trim() ?? "", Unit?.Trim() ?? "",
            cents, credits, service ? null : quantity, service ? quantity : null, Version, string.IsNullOrWhiteSpace(Key) ? null : Key.Trim());
        errors = problems;
        return problems.Count == 0;
    }

    /// <summary>The Catalog's largest stock or capacity.</summary>
    public const int MaxQuantity = 1_000_000_000;
}
