using System.Security.Claims;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Features.Certification;

/// <summary>The vendor's certification history, oldest first: its staff and administrators only (others 403).</summary>
public static class GetCertificationAudit
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/vendors/{id:guid}/certification/audit", Handle)
            .WithName("GetCertificationAudit")
            .WithSummary("Vendor staff and administrators: every step of the vendor's certification")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<List<CertificationAuditEntryDto>>, ProblemHttpResult>> Handle(
        Guid id, ClaimsPrincipal user, CatalogDbContext db, CertificationAccess access, CancellationToken ct)
    {
        if (!await db.Vendors.AnyAsync(v => v.Id == id, ct))
        {
            return CatalogProblems.NotFound("The vendor");
        }

        if (!await access.CanReadAsync(user, id, "reading the certification audit", ct))
        {
            return CatalogProblems.Forbidden("Only the vendor's staff and administrators may read its certification history.");
        }

        var entries = await db.CertificationAudit.AsNoTracking().Where(e => e.VendorId == id).OrderBy(e => e.Id).ToListAsync(ct);
        return TypedResults.Ok(entries.Select(CertificationAuditEntryDto.From).ToList());
    }
}
