using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Features;

/// <summary>A vendor as the public sees it.</summary>
public sealed record VendorDto(Guid Id, string Name, string Description, string Category, string Sector, string Region, string? Website, DateTimeOffset RegisteredAt)
{
    public static VendorDto From(Vendor v) => new(v.Id, v.Name, v.Description, v.Category.ToString(), v.Sector, v.Region, v.Website, v.RegisteredAt);
}
