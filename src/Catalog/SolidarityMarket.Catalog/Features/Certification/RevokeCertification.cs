using System.Security.Claims;
using SolidarityMarket.Catalog.Certification;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Catalog.Features.Certification;

/// <summary>
/// Administrators revoke a vendor's valid certificate with a reason (required); publishes
/// <see cref="VendorCertificationRevoked"/> in the same transaction. The vendor's submitted applications (a renewal
/// applied for in the last 30 days) are rejected in the same transaction, each with an audit entry: approving one
/// later would issue a fresh certificate and undo the revocation. The vendor may apply again.
/// </summary>
public static class RevokeCertification
{
    public sealed record RevokeCertificateRequest(string? Reason);

    /// <summary>The decision notes of an application closed by a revocation (the reason is on the revocation entry).</summary>
    public const string ClosedByRevocation = "Closed by the revocation of the vendor's certificate; the vendor may apply again.";

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/vendors/{id:guid}/certification/revoke", Handle)
            .RequireAuthorization(Policies.Admin)
            .WithName("RevokeCertification")
            .WithSummary("Administrators: revoke a vendor's certificate, with a reason")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Results<Ok<CertificateDto>, ValidationProblem, ProblemHttpResult>> Handle(
        Guid id, RevokeCertificateRequest request, ClaimsPrincipal user, CatalogDbContext db, CertificationAccess access, TimeProvider time, CancellationToken ct)
    {
        var errors = new RequestErrors().Text(request.Reason, "reason", CertificationRules.MaxNotesLength);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var vendor = await db.Vendors.FirstOrDefaultAsync(v => v.Id == id, ct);
        if (vendor is null)
        {
            return CatalogProblems.NotFound("The vendor");
        }

        if (!await access.CanDecideAsync(user, id, "revoking a certificate", ct))
        {
            return CatalogProblems.Forbidden("Administrators decide certifications, and not for a vendor whose staff they are.");
        }

        var now = time.GetUtcNow();
        var certificate = await CertificationRules.CurrentAsync(db.Certificates, id, now, ct);
        if (certificate is null)
        {
            return CatalogProblems.Conflict("not-certified", "The vendor holds no valid certificate to revoke.");
        }

        var userId = user.UserId();
        var reason = request.Reason!.Trim();
        certificate.Status = CertificateStatus.Revoked;
        certificate.EndedAt = now;
        certificate.RevokedBy = userId;
        certificate.RevocationReason = reason;
        vendor.CertifiedUntil = null;
        CertificationRules.Record(db, vendor, now, userId, CertificationAction.Revoked, reason, certificate.ApplicationId, certificate.Id);
        db.Publish(new VendorCertificationRevoked(vendor.Id, certificate.Id, reason, now), now);
        var open = await db.CertificationApplications
            .Where(a => a.VendorId == id && a.Status == CertificationApplicationStatus.Submitted).OrderBy(a => a.SubmittedAt).ToListAsync(ct);
        foreach (var application in open)
        {
            application.Status = CertificationApplicationStatus.Rejected;
            application.DecidedBy = userId;
            application.DecidedAt = now;
            application.DecisionNotes = ClosedByRevocation;
            CertificationRules.Record(db, vendor, now, userId, CertificationAction.Rejected, ClosedByRevocation, application.Id);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CatalogProblems.ConcurrentChange();
        }

        return TypedResults.Ok(CertificateDto.From(certificate));
    }
}
