using SolidarityMarket.Catalog.Certification;

namespace SolidarityMarket.Catalog.Features.Certification;

/// <summary>Public: the published criteria an application answers, each with evidence text and links.</summary>
public static class ListCertificationCriteria
{
    public sealed record CertificationCriterionDto(string Id, string Title, string Question);

    public sealed record CertificationCriteriaDto(string Label, int ValidityMonths, int MaxEvidenceLength, int MaxLinks, IReadOnlyList<CertificationCriterionDto> Criteria);

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/certification/criteria", Handle)
            .AllowAnonymous()
            .WithName("ListCertificationCriteria")
            .WithSummary("Public: the \"Solidarity Made\" criteria");

    public static Ok<CertificationCriteriaDto> Handle() => TypedResults.Ok(new CertificationCriteriaDto(
        CertificationRules.Label,
        CertificationRules.ValidityMonths,
        CertificationRules.MaxEvidenceLength,
        CertificationRules.MaxLinks,
        CertificationCriteria.All.Select(c => new CertificationCriterionDto(c.Id.ToString(), c.Title, c.Question)).ToList()));
}
