using System.Security.Claims;
using SolidarityMarket.Catalog.Certification;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Catalog.Features.Certification;

/// <summary>Administrators reject a submitted application; the notes (required) tell the vendor why. It may apply again.</summary>
public static class RejectCertificationApplication
{
    public sealed record RejectApplicationRequest(string? Notes);

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/certification/applications/{appId:guid}/reject", Handle)
            .RequireAuthorization(Policies.Admin)
            .WithName("RejectCertificationApplication")
            .WithSummary("Administrators: reject an application, with notes")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Results<Ok<CertificationApplicationDto>, ValidationProblem, ProblemHttpResult>> Handle(
        Guid appId, RejectApplicationRequest request, ClaimsPrincipal user, CatalogDbContext db, CertificationAccess access, TimeProvider time, CancellationToken ct)
    {
        var errors = new RequestErrors().Text(request.Notes, "notes", CertificationRules.MaxNotesLength);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var application = await db.CertificationApplications.Include(a => a.Answers).FirstOrDefaultAsync(a => a.Id == appId, ct);
        if (application is null)
        {
            return CatalogProblems.NotFound("The application");
        }

        if (!await access.CanDecideAsync(user, application.VendorId, "rejecting a certification application", ct))
        {
            return CatalogProblems.Forbidden("Administrators decide certifications, and not for a vendor whose staff they are.");
        }

        var now = time.GetUtcNow();
        var vendor = await CertificationRules.VendorThenAgainAsync(db, application.VendorId, application, ct);
        if (application.Status != CertificationApplicationStatus.Submitted)
        {
            return CatalogProblems.Conflict("application-decided", $"The application is {application.Status}; only a submitted application can be rejected.");
        }

        application.Status = CertificationApplicationStatus.Rejected;
        application.DecidedBy = user.UserId();
        application.DecidedAt = now;
        application.DecisionNotes = request.Notes!.Trim();
        CertificationRules.Record(db, vendor, now, application.DecidedBy, CertificationAction.Rejected, application.DecisionNotes, application.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CatalogProblems.ConcurrentChange();
        }

        return TypedResults.Ok(CertificationApplicationDto.From(application));
    }
}
