using SolidarityMarket.Catalog.Certification;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Features.Certification;

/// <summary>
/// Public: whether the vendor carries the "Solidarity Made" label now, and until when — nothing of the evidence,
/// the decisions or the audit. A certificate past its valid-until counts as expired even before the job marks it.
/// </summary>
public static class GetCertificationLabel
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/vendors/{id:guid}/certification", Handle)
            .AllowAnonymous()
            .WithName("GetCertificationLabel")
            .WithSummary("Public: the vendor's current \"Solidarity Made\" label and its expiry")
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<CertificationLabelDto>, ProblemHttpResult>> Handle(Guid id, CatalogDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (!await db.Vendors.AnyAsync(v => v.Id == id, ct))
        {
            return CatalogProblems.NotFound("The vendor");
        }

        var current = await CertificationRules.CurrentAsync(db.Certificates.AsNoTracking(), id, time.GetUtcNow(), ct);
        return TypedResults.Ok(CertificationLabelDto.For(id, current));
    }
}
