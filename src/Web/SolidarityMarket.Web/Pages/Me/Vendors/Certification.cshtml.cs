using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Catalog;
using SolidarityMarket.Web.Certification;
using SolidarityMarket.Web.Vendors;

namespace SolidarityMarket.Web.Pages.Me.Vendors;

/// <summary>
/// A vendor's "Solidarity Made" certification for its staff: the label now and until when
/// (<c>GET /api/catalog/vendors/{id}/certification</c>), the audit trail (<c>…/certification/audit</c>), the
/// application waiting for a decision with Withdraw, and — when the vendor may apply — the self-assessment form, one
/// evidence text and links per published criterion (<c>GET /api/catalog/certification/criteria</c>). Only the
/// vendor's staff (<c>GET /api/catalog/my/vendors</c>) see the page or send its forms: anyone else gets "not found"
/// and nothing is sent. The Catalog decides again on every call.
/// </summary>
public sealed class VendorCertificationModel(VendorClient vendors, CertificationClient certification, TimeProvider time) : VendorPage
{
    /// <summary>
    /// A certified vendor may apply to renew from this long before its certificate's end (the Catalog's rule,
    /// docs/catalog.md); the form is offered from then. The Catalog refuses an application outside it anyway.
    /// </summary>
    public static readonly TimeSpan RenewalOpens = TimeSpan.FromDays(30);

    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public CertificationForm Form { get; set; } = new();

    public ManagedVendor? Vendor { get; private set; }

    public CertificationLabel? Label { get; private set; }

    public CertificationCriteria? Criteria { get; private set; }

    public IReadOnlyList<CertificationAuditEntry>? Audit { get; private set; }

    /// <summary>The application waiting for a decision, if any (at most one per vendor).</summary>
    public CertificationApplication? Pending { get; private set; }

    public bool MayApply => Criteria is not null && Audit is not null && Pending is null
        && (Label is not { Certified: true, ValidUntil: { } until } || until - RenewalOpens <= time.GetUtcNow());

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostApplyAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } failed)
        {
            return failed;
        }

        var answer = await certification.ApplyAsync(Id, Form.Read(Criteria!.Criteria), ct);
        if (answer.Value is not null)
        {
            return Done("Your application is sent. An administrator will review it; its decision shows here.");
        }

        switch (answer.Status)
        {
            case 401:
                return SignInAgain();
            case 403 or 404:
                Vendor = null;
                return NotShown(answer, VendorListingsModel.NotYours) ?? Page();
            case 409:
                // The same form sent twice (a double click): the first one is the application now waiting.
                if (await LoadAsync(ct) is { } gone)
                {
                    return gone;
                }

                return Pending is not null && Form.SameAs(Pending, Criteria!.Criteria)
                    ? Done("Your application is sent. An administrator will review it; its decision shows here.")
                    : Refused(409, MessagesOr(answer, "The catalog refused this application."));
            case 503:
                return Refused(503, ["The catalog did not answer, so the application may or may not have been sent. Open this page again to see whether it is waiting before sending it again."]);
            default:
                return Refused(answer.Status, MessagesOr(answer, "The catalog refused this application."));
        }
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid applicationId, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } failed)
        {
            return failed;
        }

        if (Pending?.Id != applicationId)
        {
            return await NotPendingAsync(applicationId, ct);
        }

        var answer = await certification.WithdrawAsync(applicationId, ct);
        return answer switch
        {
            { Value: not null } => Done("Your application is withdrawn. The vendor may apply again."),
            { Status: 401 } => SignInAgain(),
            { Status: 409 or 404 } => await NotPendingAsync(applicationId, ct),
            { Status: 503 } => Refused(503, ["The catalog did not answer, so the application may or may not be withdrawn. Open this page again to see."]),
            _ => Refused(answer.Status, MessagesOr(answer, "The catalog refused this.")),
        };
    }

    /// <summary>
    /// A withdrawal of an application that is not waiting: this vendor's application already decided or withdrawn (the
    /// same button pressed twice) shows the page as it is now; any other reads as not found.
    /// </summary>
    private async Task<IActionResult> NotPendingAsync(Guid applicationId, CancellationToken ct)
    {
        var application = await certification.ApplicationAsync(applicationId, ct);
        if (application.Value is { Pending: false } decided && decided.VendorId == Id)
        {
            return Done($"This application is already {decided.Status.ToLowerInvariant()}: nothing more to withdraw.");
        }

        return application.Status == 401 ? SignInAgain() : Refused(404, ["There is no application of this vendor waiting with that number."]);
    }

    private RedirectToPageResult Done(string notice)
    {
        Notice = notice;
        return RedirectToPage(new { id = Id });
    }

    /// <summary>The vendor's certification, once the member's vendors say they are its staff; else the page's failure.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        (Vendor, Label, Criteria, Audit, Pending) = (null, null, null, null, null);
        var mine = await vendors.MyVendorsAsync(ct);
        if (mine.Value is null)
        {
            return NotShown(mine, VendorListingsModel.NotYours) ?? Page();
        }

        if (mine.Value.FirstOrDefault(v => v.Id == Id) is not { } vendor)
        {
            return NotShown(ApiAnswer.Failed<ManagedVendor>(404), VendorListingsModel.NotYours) ?? Page();
        }

        var label = await certification.LabelAsync(Id, ct);
        var criteria = await certification.CriteriaAsync(ct);
        var audit = await certification.AuditAsync(Id, ct);
        if (label.Value is null || criteria.Value is null || audit.Value is null)
        {
            return label.Value is null ? NotShown(label, VendorListingsModel.NotYours) ?? Page()
                : criteria.Value is null ? NotShown(criteria, VendorListingsModel.NotYours) ?? Page()
                : NotShown(audit, VendorListingsModel.NotYours) ?? Page();
        }

        // The staff have no list of their applications; the trail names each one applied for, the newest last.
        if (audit.Value.LastOrDefault(e => e.Action == "Applied" && e.ApplicationId is not null)?.ApplicationId is { } latest)
        {
            var application = await certification.ApplicationAsync(latest, ct);
            if (application.Value is null && application.Status != 404)
            {
                return NotShown(application, VendorListingsModel.NotYours) ?? Page();
            }

            Pending = application.Value is { Pending: true } pending ? pending : null;
        }

        (Vendor, Label, Criteria, Audit) = (vendor, label.Value, criteria.Value, audit.Value);
        return null;
    }
}
