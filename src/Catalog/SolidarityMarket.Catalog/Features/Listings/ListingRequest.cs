using SolidarityMarket.Catalog.Data;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Catalog.Features.Listings;

/// <summary>
/// The editable fields of a listing, shared by create (<c>POST</c>) and replace (<c>PUT</c>). Prices are minor units:
/// USD cents and credit hundredths; at least one is required. Goods require a stock; services may have a capacity.
/// <see cref="Version"/> is the listing's version as the editor read it (<see cref="ListingDto.Version"/>): required
/// by the replace, so an edit from a stale form cannot overwrite stock a reservation took since; ignored by create.
/// <see cref="IdempotencyKey"/> is the create's optional key (<see cref="CreateListing"/>); ignored by the replace.
/// </summary>
public sealed record ListingRequest(
    string? Title,
    string? Description,
    string? Kind,
    string? Sector,
    string? Category,
    string? Unit,
    long? PriceCents,
    long? PriceCredits,
    int? Stock,
    int? Capacity,
    int? Version = null,
    string? IdempotencyKey = null)
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const long MaxPrice = 100_000_000;

    /// <summary>
    /// The largest stock or capacity: far below <see cref="int.MaxValue"/>, so stock given back by a release on top of
    /// a stock raised since cannot overflow the column (PostgreSQL "integer out of range", a failing consumer).
    /// </summary>
    public const int MaxStock = 1_000_000_000;
    public const int MaxUnitLength = Data.ListingRules.MaxUnitLength;

    /// <summary>Validates every field; on success <paramref name="kind"/> is the parsed kind.</summary>
    public RequestErrors Validate(CatalogOptions options, out ListingKind kind)
    {
        var sectors = options.EffectiveSectors;
        var sectorOk = Sector is not null && sectors.Contains(Sector);
        // The category list depends on the sector; with an unknown sector only the sector is reported.
        var categories = sectorOk ? options.CategoriesOf(Sector!) : [];
        var kindOk = EnumNames.TryParse(Kind, out kind);
        var errors = new RequestErrors()
            .Text(Title, "title", MaxTitleLength)
            .Text(Description, "description", MaxDescriptionLength, required: false)
            .Require(kindOk, "kind", $"kind must be one of {string.Join(", ", Enum.GetNames<ListingKind>())}.")
            .Require(sectorOk, "sector", $"sector must be one of {string.Join(", ", sectors)}.")
            .Require(!sectorOk || (Category is not null && categories.Contains(Category)), "category", $"category must be one of {string.Join(", ", categories)} for this sector.")
            .Text(Unit, "unit", MaxUnitLength)
            .Require(PriceCents is not null || PriceCredits is not null, "price", "priceCents or priceCredits (or both) is required.")
            .Require(PriceCents is null or (> 0 and <= MaxPrice), "priceCents", $"priceCents must be between 1 and {MaxPrice}.")
            .Require(PriceCredits is null or (> 0 and <= MaxPrice), "priceCredits", $"priceCredits must be between 1 and {MaxPrice}.");
        if (kindOk && kind == ListingKind.Good)
        {
            errors.Require(Stock is >= 0 and <= MaxStock, "stock", $"stock is required for goods and must be between 0 and {MaxStock}.")
                .Require(Capacity is null, "capacity", "capacity is for services; goods have a stock.");
        }
        else if (kindOk)
        {
            errors.Require(Capacity is null or (>= 0 and <= MaxStock), "capacity", $"capacity must be between 0 and {MaxStock}, or absent for no limit.")
                .Require(Stock is null, "stock", "stock is for goods; a service may have a capacity.");
        }

        return errors;
    }

    /// <summary>Copies the (validated) fields onto <paramref name="listing"/>; a service's capacity is kept in <see cref="Listing.Stock"/>.</summary>
    public void ApplyTo(Listing listing, ListingKind kind)
    {
        listing.Title = Title!.Trim();
        // Trimmed as validated: 4,000 characters plus a trailing space passed the check and overflowed the column.
        listing.Description = Description?.Trim() ?? "";
        listing.Kind = kind;
        listing.Sector = Sector!;
        listing.Category = Category!;
        listing.Unit = Unit!.Trim();
        listing.PriceCents = PriceCents;
        listing.PriceCredits = PriceCredits;
        listing.Stock = kind == ListingKind.Good ? Stock : Capacity;
    }
}
