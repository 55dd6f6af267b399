namespace SolidarityMarket.Web.Certification;

// The UI's own reading of the Catalog's certification JSON (/api/catalog/certification/..., /vendors/{id}/certification...).
// Kept here, not shared with the Catalog: the UI depends on the published API only. Only the fields a page shows or sends.

/// <summary>The published criteria an application answers (<c>GET /api/catalog/certification/criteria</c>).</summary>
public sealed record CertificationCriteria(string Label, int ValidityMonths, int MaxEvidenceLength, int MaxLinks, IReadOnlyList<CertificationCriterion> Criteria);

/// <summary>One criterion: <see cref="Id"/> names the answer's field in an application (camel-cased).</summary>
public sealed record CertificationCriterion(string Id, string Title, string Question);

/// <summary>One criterion's evidence as submitted.</summary>
public sealed record CertificationAnswer(string Criterion, string Evidence, IReadOnlyList<string> Links);

/// <summary>An application as its vendor's staff and administrators read it.</summary>
public sealed record CertificationApplication(
    Guid Id, Guid VendorId, string Status, string SubmittedBy, DateTimeOffset SubmittedAt, IReadOnlyList<CertificationAnswer> Answers,
    string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionNotes, Guid? CertificateId)
{
    public bool Pending => Status == "Submitted";
}

/// <summary>A page of applications (the administrators' queue).</summary>
public sealed record CertificationApplicationPage(IReadOnlyList<CertificationApplication> Items, int PageNumber, int PageSize, int Total);

/// <summary>A certificate as a decision answers it.</summary>
public sealed record Certificate(Guid Id, Guid VendorId, Guid ApplicationId, string Status, DateTimeOffset IssuedAt, DateTimeOffset ValidUntil);

/// <summary>One step of a vendor's certification; <see cref="ActorUserId"/> is null for the scheduled job.</summary>
public sealed record CertificationAuditEntry(long Id, DateTimeOffset At, string? ActorUserId, string Action, string? Notes, Guid? ApplicationId, Guid? CertificateId);

/// <summary>One answer of the body of an application: evidence text and http(s) links.</summary>
public sealed record AnswerFields(string Evidence, IReadOnlyList<string> Links);
