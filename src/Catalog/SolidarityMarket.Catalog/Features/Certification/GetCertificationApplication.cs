using System.Security.Claims;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Features.Certification;

/// <summary>One application with its evidence, for the vendor's staff and administrators (others: 404).</summary>
public static class GetCertificationApplication
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/certification/applications/{appId:guid}", Handle)
            .WithName("GetCertificationApplication")
            .WithSummary("Vendor staff and administrators: an application with its evidence")
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<CertificationApplicationDto>, ProblemHttpResult>> Handle(
        Guid appId, ClaimsPrincipal user, CatalogDbContext db, CertificationAccess access, CancellationToken ct)
    {
        var application = await db.CertificationApplications.AsNoTracking().Include(a => a.Answers).FirstOrDefaultAsync(a => a.Id == appId, ct);
        if (application is null || !await access.CanReadAsync(user, application.VendorId, "reading a certification application", ct))
        {
            return CatalogProblems.NotFound("The application");
        }

        return TypedResults.Ok(CertificationApplicationDto.From(application));
    }
}
