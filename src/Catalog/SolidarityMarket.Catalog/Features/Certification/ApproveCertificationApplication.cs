using System.Security.Claims;
using SolidarityMarket.Catalog.Certification;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Catalog.Features.Certification;

/// <summary>
/// Administrators approve a submitted application (optional notes): a certificate valid for 12 months is issued and
/// <see cref="VendorCertified"/> is published in the same transaction. A previous certificate whose valid-until has
/// passed but which the hourly job has not yet marked is expired first (its event goes out before the new one). A
/// renewal — approved while the vendor's certificate is in its last 30 days — replaces that certificate and runs 12
/// months from its valid-until, so the label never lapses.
/// </summary>
public static class ApproveCertificationApplication
{
    public sealed record ApproveApplicationRequest(string? Notes);

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/certification/applications/{appId:guid}/approve", Handle)
            .RequireAuthorization(Policies.Admin)
            .WithName("ApproveCertificationApplication")
            .WithSummary("Administrators: approve an application and issue a 12-month certificate")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Results<Ok<CertificateDto>, ValidationProblem, ProblemHttpResult>> Handle(
        Guid appId, ApproveApplicationRequest? request, ClaimsPrincipal user, CatalogDbContext db, CertificationAccess access, TimeProvider time, CancellationToken ct)
    {
        var errors = new RequestErrors().Text(request?.Notes, "notes", CertificationRules.MaxNotesLength, required: false);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var application = await db.CertificationApplications.FirstOrDefaultAsync(a => a.Id == appId, ct);
        if (application is null)
        {
            return CatalogProblems.NotFound("The application");
        }

        if (!await access.CanDecideAsync(user, application.VendorId, "approving a certification application", ct))
        {
            return CatalogProblems.Forbidden("Administrators decide certifications, and not for a vendor whose staff they are.");
        }

        var now = time.GetUtcNow();
        var vendor = await CertificationRules.VendorThenAgainAsync(db, application.VendorId, application, ct);
        if (application.Status != CertificationApplicationStatus.Submitted)
        {
            return CatalogProblems.Conflict("application-decided", $"The application is {application.Status}; only a submitted application can be approved.");
        }

        var certificates = await db.Certificates.Where(c => c.VendorId == vendor.Id).ToListAsync(ct);
        var current = certificates.FirstOrDefault(c => CertificationRules.IsCurrent(c, now));
        if (current is not null && now < CertificationRules.RenewalOpensAt(current))
        {
            return CatalogProblems.Conflict("already-certified", $"The vendor already holds certificate {current.Id}, valid until {current.ValidUntil:O}; a renewal can be approved from {CertificationRules.RenewalOpensAt(current):O}.");
        }

        foreach (var lapsed in certificates.Where(c => c.Status == CertificateStatus.Valid && c != current))
        {
            CertificationRules.Expire(db, vendor, lapsed, now);
        }

        var userId = user.UserId();
        var notes = string.IsNullOrWhiteSpace(request?.Notes) ? null : request.Notes.Trim();
        var latest = certificates.Count == 0 ? (Guid?)null : certificates.Max(c => c.Id);
        var certificate = new Certificate
        {
            Id = CertificationRules.NextCertificateId(now, latest),
            VendorId = vendor.Id,
            ApplicationId = application.Id,
            IssuedBy = userId,
            IssuedAt = now,
            ValidUntil = (current?.ValidUntil ?? now).AddMonths(CertificationRules.ValidityMonths),
            Status = CertificateStatus.Valid,
        };
        db.Certificates.Add(certificate);
        vendor.CertifiedUntil = certificate.ValidUntil;
        application.Status = CertificationApplicationStatus.Approved;
        application.DecidedBy = userId;
        application.DecidedAt = now;
        application.DecisionNotes = notes;
        application.CertificateId = certificate.Id;
        CertificationRules.Record(db, vendor, now, userId, CertificationAction.Approved, notes, application.Id, certificate.Id);
        if (current is not null)
        {
            CertificationRules.Renew(db, vendor, current, certificate, now);
        }

        db.Publish(new VendorCertified(vendor.Id, certificate.Id, certificate.ValidUntil, now), now);
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
