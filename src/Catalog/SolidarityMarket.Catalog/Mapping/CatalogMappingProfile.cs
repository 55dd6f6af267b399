using AutoMapper;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Features;
using SolidarityMarket.Catalog.Features.Listings;
using SolidarityMarket.Catalog.Search;

namespace SolidarityMarket.Catalog.Mapping;

/// <summary>
/// Catalog's entity → DTO maps (AutoMapper 14). Every map is flat — an entity's scalar columns to a DTO record — and
/// each is usable both in memory (<c>IMapper.Map</c>) and in queries (<c>ProjectTo</c>, translated to SQL). No map
/// involves a self-referencing object graph (the case of advisory GHSA-rvv3-g6hj-g44x).
/// </summary>
public sealed class CatalogMappingProfile : Profile
{
    public CatalogMappingProfile()
    {
        CreateMap<Listing, ListingDto>()
            .ForCtorParam(nameof(ListingDto.Kind), o => o.MapFrom(l => l.Kind.ToString()))
            .ForCtorParam(nameof(ListingDto.Status), o => o.MapFrom(l => l.Status.ToString()))
            .ForCtorParam(nameof(ListingDto.Stock), o => o.MapFrom(l => l.Kind == ListingKind.Good ? l.Stock : null))
            .ForCtorParam(nameof(ListingDto.Capacity), o => o.MapFrom(l => l.Kind == ListingKind.Service ? l.Stock : null));

        // Search results: whether the vendor is certified depends on the time of the search, so ListingSearch sets it
        // from VendorCertifiedUntil after the query (ListingSearch.AtTime). Not a ProjectTo parameter: AutoMapper
        // inlines a parameter's value into the expression, which made every search a new query for EF to compile.
        CreateMap<Listing, ListingHit>()
            .ForCtorParam(nameof(ListingHit.VendorCertified), o => o.MapFrom(l => false))
            .ForCtorParam(nameof(ListingHit.Kind), o => o.MapFrom(l => l.Kind.ToString()))
            .ForCtorParam(nameof(ListingHit.Stock), o => o.MapFrom(l => l.Kind == ListingKind.Good ? l.Stock : null))
            .ForCtorParam(nameof(ListingHit.Capacity), o => o.MapFrom(l => l.Kind == ListingKind.Service ? l.Stock : null));
    }
}
