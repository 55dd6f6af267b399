using System.Security.Claims;
using SolidarityMarket.Catalog.Certification;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Catalog.Features.Certification;

/// <summary>
/// A vendor's staff submit the "Solidarity Made" self-assessment: evidence text and up to five http(s) links for
/// each published criterion. One open application per vendor. While it holds a valid certificate it may apply only
/// to renew it, from 30 days before its valid-until (when the reminder goes out); it may apply again after a
/// rejection, a withdrawal, an expiry or a revocation.
/// </summary>
public static class ApplyForCertification
{
    public sealed record SelfAssessmentAnswer(string? Evidence, List<string>? Links);

    public sealed record SelfAssessmentRequest(
        SelfAssessmentAnswer? DemocraticGovernance, SelfAssessmentAnswer? WorkerOwnershipOrControl, SelfAssessmentAnswer? FairPayRatio, SelfAssessmentAnswer? EnvironmentalPractice, SelfAssessmentAnswer? CommunityBenefit)
    {
        public IEnumerable<(CertificationCriterion Criterion, string Field, SelfAssessmentAnswer? Answer)> Answers()
        {
            yield return (CertificationCriterion.DemocraticGovernance, "democraticGovernance", DemocraticGovernance);
            yield return (CertificationCriterion.WorkerOwnershipOrControl, "workerOwnershipOrControl", WorkerOwnershipOrControl);
            yield return (CertificationCriterion.FairPayRatio, "fairPayRatio", FairPayRatio);
            yield return (CertificationCriterion.EnvironmentalPractice, "environmentalPractice", EnvironmentalPractice);
            yield return (CertificationCriterion.CommunityBenefit, "communityBenefit", CommunityBenefit);
        }
    }

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/vendors/{id:guid}/certification/applications", Handle)
            .WithName("ApplyForCertification")
            .WithSummary("Vendor staff: apply for the \"Solidarity Made\" certification with a self-assessment")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Results<Created<CertificationApplicationDto>, ValidationProblem, ProblemHttpResult>> Handle(
        Guid id, SelfAssessmentRequest request, ClaimsPrincipal user, CatalogDbContext db, CertificationAccess access, TimeProvider time, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var vendor = await db.Vendors.FirstOrDefaultAsync(v => v.Id == id, ct);
        if (vendor is null)
        {
            return CatalogProblems.NotFound("The vendor");
        }

        if (!await access.CanActForAsync(user, id, "applying for certification", ct))
        {
            return CatalogProblems.Forbidden("Only the vendor's staff may apply for its certification.");
        }

        var now = time.GetUtcNow();
        if (await db.CertificationApplications.AnyAsync(a => a.VendorId == id && a.Status == CertificationApplicationStatus.Submitted, ct))
        {
            return CatalogProblems.Conflict("application-open", "The vendor already has an application waiting for a decision; withdraw it or wait for the decision.");
        }

        if (await CertificationRules.CurrentAsync(db.Certificates.AsNoTracking(), id, now, ct) is { } current && now < CertificationRules.RenewalOpensAt(current))
        {
            return CatalogProblems.Conflict("already-certified", $"The vendor is certified until {current.ValidUntil:O}; it may apply to renew from {CertificationRules.RenewalOpensAt(current):O}.");
        }

        var application = new CertificationApplication
        {
            Id = Guid.CreateVersion7(now),
            VendorId = id,
            SubmittedBy = user.UserId(),
            SubmittedAt = now,
            Status = CertificationApplicationStatus.Submitted,
            Answers = request.Answers().Select(a => new CertificationAnswer
            {
                Criterion = a.Criterion,
                Evidence = a.Answer!.Evidence!.Trim(),
                Links = a.Answer.Links?.Select(l => l.Trim()).ToList() ?? [],
            }).ToList(),
        };
        db.CertificationApplications.Add(application);
        CertificationRules.Record(db, vendor, now, application.SubmittedBy, CertificationAction.Applied, applicationId: application.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CatalogProblems.ConcurrentChange();
        }

        return TypedResults.Created($"/api/catalog/certification/applications/{application.Id}", CertificationApplicationDto.From(application));
    }

    private static RequestErrors Validate(SelfAssessmentRequest request)
    {
        var errors = new RequestErrors();
        foreach (var (_, field, answer) in request.Answers())
        {
            if (answer is null)
            {
                errors.Add(field, $"{field} is required: every criterion needs evidence.");
                continue;
            }

            errors.Text(answer.Evidence, $"{field}.evidence", CertificationRules.MaxEvidenceLength);
            var links = answer.Links ?? [];
            errors.Require(links.Count <= CertificationRules.MaxLinks, $"{field}.links", $"{field}.links may hold at most {CertificationRules.MaxLinks} links.");
            for (var i = 0; i < links.Count; i++)
            {
                var link = links[i]?.Trim();
                errors.Require(
                    link is { Length: > 0 and <= CertificationRules.MaxLinkLength }
                        && Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0,
                    $"{field}.links[{i}]",
                    $"Each link must be an absolute http(s) URL of at most {CertificationRules.MaxLinkLength} characters.");
            }
        }

        return errors;
    }
}
