using System.Security.Claims;
using SolidarityMarket.Catalog.Certification;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Catalog.Features.Certification;

/// <summary>The vendor's staff withdraw an application that is still waiting for a decision (optional notes).</summary>
public static class WithdrawCertificationApplication
{
    public sealed record WithdrawApplicationRequest(string? Notes);

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/certification/applications/{appId:guid}/withdraw", Handle)
            .WithName("WithdrawCertificationApplication")
            .WithSummary("Vendor staff: withdraw an application that has not been decided")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Results<Ok<CertificationApplicationDto>, ValidationProblem, ProblemHttpResult>> Handle(
        Guid appId, WithdrawApplicationRequest? request, ClaimsPrincipal user, CatalogDbContext db, CertificationAccess access, TimeProvider time, CancellationToken ct)
    {
        var errors = new RequestErrors().Text(request?.Notes, "notes", CertificationRules.MaxNotesLength, required: false);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var application = await db.CertificationApplications.Include(a => a.Answers).FirstOrDefaultAsync(a => a.Id == appId, ct);
        if (application is null || !await access.CanActForAsync(user, application.VendorId, "withdrawing a certification application", ct))
        {
            // Someone else's application looks like none at all.
            return CatalogProblems.NotFound("The application");
        }

        var now = time.GetUtcNow();
        var vendor = await CertificationRules.VendorThenAgainAsync(db, application.VendorId, application, ct);
        if (application.Status != CertificationApplicationStatus.Submitted)
        {
            return CatalogProblems.Conflict("application-decided", $"The application is {application.Status}; only a submitted application can be withdrawn.");
        }

        var notes = string.IsNullOrWhiteSpace(request?.Notes) ? null : request.Notes.Trim();
        application.Status = CertificationApplicationStatus.Withdrawn;
        application.DecidedBy = user.UserId();
        application.DecidedAt = now;
        application.DecisionNotes = notes;
        CertificationRules.Record(db, vendor, now, application.DecidedBy, CertificationAction.Withdrawn, notes, application.Id);
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
