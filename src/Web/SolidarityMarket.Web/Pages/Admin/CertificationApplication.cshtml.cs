using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Catalog;
using SolidarityMarket.Web.Certification;
using SolidarityMarket.Web.Pages.Me;
using SolidarityMarket.Web.Vendors;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// One "Solidarity Made" application for administrators (<c>GET /api/catalog/certification/applications/{id}</c>): the
/// self-assessment as sent, and the vendor's label now. While it waits: Approve (notes optional) and Reject (notes
/// required). While the vendor is certified: Revoke its certificate with a reason — here, where the administrator reads
/// the evidence the certificate was issued on. After a decision the page is shown again (a GET) with what happened; a
/// decision sent twice (a double click) finds it made and shows the state, not an error. The Catalog decides: an
/// administrator on the vendor's staff is refused (403), and its message is shown.
/// </summary>
public sealed class CertificationApplicationModel(CertificationClient certification, VendorClient vendors) : AdminPage
{
    public const string Missing = "There is no certification application at this address.";

    [FromRoute]
    public Guid AppId { get; set; }

    [BindProperty]
    public string? ApproveNotes { get; set; }

    [BindProperty]
    public string? RejectNotes { get; set; }

    [BindProperty]
    public string? RevokeReason { get; set; }

    [TempData]
    public string? Notice { get; set; }

    public CertificationApplication? Application { get; private set; }

    public string VendorName { get; private set; } = "";

    public CertificationLabel? Label { get; private set; }

    /// <summary>The application the vendor's current certificate was issued on (its latest approval), while certified.</summary>
    public Guid? CertifiedOn { get; private set; }

    /// <summary>Revoking is offered on the page of the application the current certificate was issued on, and only there.</summary>
    public bool CanRevoke => Label is { Certified: true } && CertifiedOn == AppId;

    /// <summary>Criterion titles by id, for the answers' headings.</summary>
    public IReadOnlyDictionary<string, CertificationCriterion> Criteria { get; private set; } = new Dictionary<string, CertificationCriterion>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostApproveAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } failed)
        {
            return failed;
        }

        if (!Application!.Pending)
        {
            return AlreadyDecided();
        }

        var answer = await certification.ApproveAsync(AppId, Blank(ApproveNotes), ct);
        return answer.Value is { } certificate
            ? Done($"Approved: {VendorName} carries the “Solidarity Made” label until {certificate.ValidUntil.UtcDateTime:yyyy-MM-dd HH:mm} UTC.")
            : await RefusedAsync(answer, "approved", ct);
    }

    public async Task<IActionResult> OnPostRejectAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } failed)
        {
            return failed;
        }

        if (!Application!.Pending)
        {
            return AlreadyDecided();
        }

        var answer = await certification.RejectAsync(AppId, Blank(RejectNotes), ct);
        return answer.Value is not null ? Done($"Rejected: {VendorName} is told why and may apply again.") : await RefusedAsync(answer, "rejected", ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } failed)
        {
            return failed;
        }

        if (Label is not { Certified: true })
        {
            return NothingToRevoke();
        }

        if (!CanRevoke)
        {
            return Done("The vendor's current certificate was not issued on this application: revoke it from the application it was issued on.");
        }

        var answer = await certification.RevokeAsync(Application!.VendorId, Blank(RevokeReason), ct);
        return answer.Value is not null ? Done($"Revoked: {VendorName} no longer carries the label. It may apply again.") : await RefusedAsync(answer, "revoked", ct);
    }

    /// <summary>The page again with why nothing changed; a conflict that is the decision already made shows the state instead.</summary>
    private async Task<IActionResult> RefusedAsync<T>(ApiAnswer<T> answer, string done, CancellationToken ct)
        where T : class
    {
        if (answer.Status == 401)
        {
            return SignInAgain();
        }

        if (await LoadAsync(ct) is { } failed)
        {
            return failed;
        }

        if (answer.Status == 409 && done == "revoked" && Label is not { Certified: true })
        {
            return NothingToRevoke();
        }

        if (answer.Status == 409 && done != "revoked" && !Application!.Pending)
        {
            return AlreadyDecided();
        }

        Errors = answer.Status switch
        {
            503 => [$"The catalog did not answer, so the application may or may not have been {done}: its state is shown below."],
            404 => [Missing],
            _ => answer.Errors.Count > 0 ? answer.Errors : ["The catalog refused this."],
        };
        Response.StatusCode = answer.Status is >= 400 and < 500 ? answer.Status : 503;
        return Page();
    }

    private RedirectToPageResult AlreadyDecided() =>
        Done($"This application is already {Application!.Status.ToLowerInvariant()}: nothing changed.");

    private RedirectToPageResult NothingToRevoke() =>
        Done($"{VendorName} holds no valid certificate now: nothing changed.");

    private RedirectToPageResult Done(string notice)
    {
        Notice = notice;
        return RedirectToPage(new { appId = AppId });
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The application, its vendor's name and label, and the criteria's titles; else the page's failure.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        Application = null;
        var application = await certification.ApplicationAsync(AppId, ct);
        if (application.Value is null)
        {
            return Fail(application, Missing, "The marketplace") ?? Page();
        }

        var label = await certification.LabelAsync(application.Value.VendorId, ct);
        var criteria = await certification.CriteriaAsync(ct);
        if (label.Value is null || criteria.Value is null)
        {
            return (label.Value is null ? Fail(label, Missing, "The marketplace") : Fail(criteria, Missing, "The marketplace")) ?? Page();
        }

        VendorName = (await vendors.VendorAsync(application.Value.VendorId, ct)).Value?.Name ?? $"Vendor {application.Value.VendorId}";
        CertifiedOn = null;
        if (label.Value.Certified)
        {
            var audit = await certification.AuditAsync(application.Value.VendorId, ct);
            if (audit.Value is null)
            {
                return Fail(audit, Missing, "The marketplace") ?? Page();
            }

            CertifiedOn = audit.Value.Where(e => e.Action == "Approved").MaxBy(e => e.Id)?.ApplicationId;
        }

        (Application, Label) = (application.Value, label.Value);
        Criteria = criteria.Value.Criteria.ToDictionary(c => c.Id, StringComparer.Ordinal);
        await NamePeopleAsync([Application.SubmittedBy, Application.DecidedBy], ct);
        return null;
    }
}
