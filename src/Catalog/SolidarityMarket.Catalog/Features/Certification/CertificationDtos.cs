using SolidarityMarket.Catalog.Certification;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Features.Certification;

/// <summary>One criterion's evidence as submitted.</summary>
public sealed record CertificationAnswerDto(string Criterion, string Evidence, IReadOnlyList<string> Links);

/// <summary>An application as its vendor's staff and administrators see it (never the public).</summary>
public sealed record CertificationApplicationDto(
    Guid Id, Guid VendorId, string Status, string SubmittedBy, DateTimeOffset SubmittedAt, IReadOnlyList<CertificationAnswerDto> Answers,
    string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionNotes, Guid? CertificateId)
{
    public static CertificationApplicationDto From(CertificationApplication a) => new(
        a.Id, a.VendorId, a.Status.ToString(), a.SubmittedBy, a.SubmittedAt,
        a.Answers.OrderBy(x => x.Criterion).Select(x => new CertificationAnswerDto(x.Criterion.ToString(), x.Evidence, x.Links)).ToList(),
        a.DecidedBy, a.DecidedAt, a.DecisionNotes, a.CertificateId);
}

/// <summary>A certificate as administrators see it after a decision.</summary>
public sealed record CertificateDto(
    Guid Id, Guid VendorId, Guid ApplicationId, string Status, DateTimeOffset IssuedAt, DateTimeOffset ValidUntil,
    DateTimeOffset? EndedAt, string? RevocationReason, DateTimeOffset? ReminderSentAt)
{
    public static CertificateDto From(Certificate c) =>
        new(c.Id, c.VendorId, c.ApplicationId, c.Status.ToString(), c.IssuedAt, c.ValidUntil, c.EndedAt, c.RevocationReason, c.ReminderSentAt);
}

/// <summary>What the public sees: whether the vendor carries the label now, and until when.</summary>
public sealed record CertificationLabelDto(Guid VendorId, bool Certified, string? Label, DateTimeOffset? ValidUntil)
{
    public static CertificationLabelDto For(Guid vendorId, Certificate? current) =>
        current is null ? new(vendorId, false, null, null) : new(vendorId, true, CertificationRules.Label, current.ValidUntil);
}

/// <summary>One audit entry; <see cref="ActorUserId"/> is null for the scheduled expiry job.</summary>
public sealed record CertificationAuditEntryDto(
    long Id, DateTimeOffset At, string? ActorUserId, string Action, string? Notes, Guid? ApplicationId, Guid? CertificateId)
{
    public static CertificationAuditEntryDto From(CertificationAuditEntry e) =>
        new(e.Id, e.At, e.ActorUserId, e.Action.ToString(), e.Notes, e.ApplicationId, e.CertificateId);
}
