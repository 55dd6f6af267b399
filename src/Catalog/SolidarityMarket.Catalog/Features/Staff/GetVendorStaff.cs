using System.Security.Claims;
using SolidarityMarket.Catalog.Features.Certification;

namespace SolidarityMarket.Catalog.Features.Staff;

/// <summary>The vendor's staff and the history of its changes: its staff and administrators only (others 403, logged).</summary>
public static class GetVendorStaff
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/vendors/{id:guid}/staff", Handle)
            .WithName("GetVendorStaff")
            .WithSummary("Vendor staff and administrators: who acts for the vendor, and every change of it")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<VendorStaffDto>, ProblemHttpResult>> Handle(
        Guid id, ClaimsPrincipal user, Data.CatalogDbContext db, CertificationAccess access, CancellationToken ct)
    {
        var vendor = await db.Vendors.AsNoTracking().Include(v => v.Staff).FirstOrDefaultAsync(v => v.Id == id, ct);
        if (vendor is null)
        {
            return CatalogProblems.NotFound("The vendor");
        }

        if (!await access.CanReadAsync(user, id, "reading the staff", ct))
        {
            return CatalogProblems.Forbidden("Only the vendor's staff and administrators may read who acts for it.");
        }

        return TypedResults.Ok(await VendorStaffDto.LoadAsync(db, vendor, ct));
    }
}
