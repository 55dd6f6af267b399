using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Catalog;
using SolidarityMarket.Web.Members;
using static SolidarityMarket.Web.Members.MemberApi;

namespace SolidarityMarket.Web.Certification;

/// <summary>
/// The Catalog's "Solidarity Made" API as a vendor's staff and administrators use it from their pages, with the
/// member's own bearer token (<see cref="MemberApi"/>). The Catalog decides who may do what: staff apply and withdraw,
/// administrators who are not the vendor's staff decide; anyone else gets 404 or 403, which the pages show as "not found".
/// </summary>
public sealed class CertificationClient(HttpClient http, MemberApi api, ILogger<CertificationClient> logger)
    : MemberApiClient(http, api, logger)
{
    /// <summary>How many applications a page of the administrators' queue shows; the API's upper bound for a page.</summary>
    public const int Shown = 100;

    /// <summary>The highest page the Catalog's list takes (a page past it is refused, not empty).</summary>
    public const int MaxPage = 10_000;

    public Task<ApiAnswer<CertificationCriteria>> CriteriaAsync(CancellationToken ct) =>
        SendAsync<CertificationCriteria>(() => Get("api/catalog/certification/criteria"), ct);

    /// <summary>The vendor's label now (public).</summary>
    public Task<ApiAnswer<CertificationLabel>> LabelAsync(Guid vendorId, CancellationToken ct) =>
        SendAsync<CertificationLabel>(() => Get($"api/catalog/vendors/{vendorId}/certification"), ct);

    /// <summary>Every step of the vendor's certification, oldest first; 403 unless staff or administrator.</summary>
    public Task<ApiAnswer<List<CertificationAuditEntry>>> AuditAsync(Guid vendorId, CancellationToken ct) =>
        SendAsync<List<CertificationAuditEntry>>(() => Get($"api/catalog/vendors/{vendorId}/certification/audit"), ct);

    /// <summary>One application with its evidence; 404 unless the vendor's staff or an administrator.</summary>
    public Task<ApiAnswer<CertificationApplication>> ApplicationAsync(Guid applicationId, CancellationToken ct) =>
        SendAsync<CertificationApplication>(() => Get($"api/catalog/certification/applications/{applicationId}"), ct);

    /// <summary>Administrators: the applications waiting for a decision, oldest first, <see cref="Shown"/> a page.</summary>
    public Task<ApiAnswer<CertificationApplicationPage>> PendingAsync(int page, CancellationToken ct) =>
        SendAsync<CertificationApplicationPage>(() => Get($"api/catalog/certification/applications?status=Submitted&page={page}&pageSize={Shown}"), ct);

    /// <summary>Administrators: one vendor's applications in <paramref name="status"/>, oldest first (the first <see cref="Shown"/>).</summary>
    public Task<ApiAnswer<CertificationApplicationPage>> VendorApplicationsAsync(Guid vendorId, string status, CancellationToken ct) =>
        SendAsync<CertificationApplicationPage>(() => Get($"api/catalog/certification/applications?status={Uri.EscapeDataString(status)}&vendorId={vendorId}&pageSize={Shown}"), ct);

    /// <summary>
    /// Applies with one answer per criterion, keyed by the criterion's id camel-cased (the API's field names). No
    /// client id: a form sent twice is refused the second time (409, one open application per vendor).
    /// </summary>
    public Task<ApiAnswer<CertificationApplication>> ApplyAsync(Guid vendorId, IReadOnlyDictionary<string, AnswerFields> answers, CancellationToken ct) =>
        SendAsync<CertificationApplication>(() => Post($"api/catalog/vendors/{vendorId}/certification/applications", answers), ct);

    public Task<ApiAnswer<CertificationApplication>> WithdrawAsync(Guid applicationId, CancellationToken ct) =>
        SendAsync<CertificationApplication>(() => Post($"api/catalog/certification/applications/{applicationId}/withdraw", new { }), ct);

    /// <summary>Administrators: approve (notes optional); 409 once the application is decided.</summary>
    public Task<ApiAnswer<Certificate>> ApproveAsync(Guid applicationId, string? notes, CancellationToken ct) =>
        SendAsync<Certificate>(() => Post($"api/catalog/certification/applications/{applicationId}/approve", new { notes }), ct);

    /// <summary>Administrators: reject (notes required); 409 once the application is decided.</summary>
    public Task<ApiAnswer<CertificationApplication>> RejectAsync(Guid applicationId, string? notes, CancellationToken ct) =>
        SendAsync<CertificationApplication>(() => Post($"api/catalog/certification/applications/{applicationId}/reject", new { notes }), ct);

    /// <summary>Administrators: revoke the vendor's valid certificate (reason required); 409 when it holds none.</summary>
    public Task<ApiAnswer<Certificate>> RevokeAsync(Guid vendorId, string? reason, CancellationToken ct) =>
        SendAsync<Certificate>(() => Post($"api/catalog/vendors/{vendorId}/certification/revoke", new { reason }), ct);
}
