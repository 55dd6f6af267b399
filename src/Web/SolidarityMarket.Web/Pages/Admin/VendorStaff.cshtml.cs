using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Admin;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Vendors;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// Who acts for one vendor, for administrators (ADR 0033): the staff now and every change, naming people by e-mail
/// (<c>GET /api/catalog/vendors/{id}/staff</c>). One form ticks people to remove, adds people by e-mail (each looked up
/// at <c>GET /api/auth/users?email=</c>; an address nobody has sends nothing) and requires the reason, then sends the
/// whole new list (<c>PUT …/staff</c>) with the staff version the form showed, so a form read before another
/// administrator's change is refused (409, here or by the Catalog) rather than undoing that change with a list it never showed.
/// </summary>
public sealed class VendorStaffModel(VendorStaffClient staff, VendorClient vendors, PeopleClient people) : AdminPage
{
    public const string Missing = "There is no vendor at this address.";

    public const string ChangedMeanwhile =
        "The staff changed at the same time (another administrator, or this form sent twice), so nothing was sent. The staff and history below are as they are now: check them and send the change again if it is still needed.";

    /// <summary>The Catalog's longest reason.</summary>
    public const int ReasonLength = 1000;

    /// <summary>People added in one change: a team joining at once, not a list pasted by mistake.</summary>
    public const int MaxAdded = 20;

    /// <summary>
    /// The longest e-mail an account can have (Identity's column). A longer one is nobody's, and is not looked up:
    /// sent as typed it could pass the sign-in service's request-line limit (a 414 that is not the form's fault).
    /// </summary>
    public const int EmailLength = 256;

    [FromRoute]
    public Guid VendorId { get; set; }

    /// <summary>The version of the staff the form showed; the change is refused if the staff moved on since.</summary>
    [BindProperty]
    public int StaffVersion { get; set; }

    /// <summary>The user ids ticked to be removed.</summary>
    [BindProperty]
    public List<string> Remove { get; set; } = [];

    /// <summary>E-mail addresses to add, as typed (several separated by commas, spaces or lines).</summary>
    [BindProperty]
    public string? Add { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [TempData]
    public string? Notice { get; set; }

    public VendorStaffList? Staff { get; private set; }

    public string VendorName { get; private set; } = "";

    /// <summary>The changes, newest first.</summary>
    public IReadOnlyList<VendorStaffChange> History { get; private set; } = [];

    public bool Ticked(string userId) => Remove.Contains(userId, StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } failed)
        {
            return failed;
        }

        if (StaffVersion != Staff!.StaffVersion)
        {
            return Refused(409, [ChangedMeanwhile]);
        }

        var reason = Reason?.Trim() ?? "";
        var typed = (Add ?? "").Split([',', ';', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var errors = new List<string>();
        if (reason.Length == 0)
        {
            errors.Add("Give the reason for the change: it is recorded with it and shown in the history.");
        }

        if (typed.Count > MaxAdded)
        {
            errors.Add($"Add at most {MaxAdded} people in one change.");
        }

        if (typed.Any(email => email.Length > EmailLength))
        {
            errors.Add($"An e-mail address is at most {EmailLength} characters: one typed is longer than {EmailLength} characters, so nobody has it. Nothing was sent: correct it, or leave it out.");
        }

        if (errors.Count > 0)
        {
            return Refused(400, errors);
        }

        var added = new List<string>();
        foreach (var email in typed)
        {
            var user = await people.FindByEmailAsync(email, ct);
            if (user.Value is not null)
            {
                added.Add(user.Value.Id);
                continue;
            }

            if (user.Status is not (400 or 404))
            {
                return await UnansweredAsync(user, "The sign-in service did not answer, so the e-mail addresses could not be looked up. Nothing was sent.", ct);
            }

            errors.Add($"No user has the e-mail address {email}. Nothing was sent: correct it, or leave it out.");
        }

        var kept = Staff.StaffUserIds.Where(id => !Ticked(id)).ToList();
        var wanted = kept.Concat(added).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (errors.Count == 0 && wanted.Count == 0)
        {
            errors.Add("A vendor needs someone to act for it: add someone before removing the last of its staff.");
        }
        else if (errors.Count == 0 && wanted.Count == Staff.StaffUserIds.Count && wanted.All(id => Staff.StaffUserIds.Contains(id, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add("Nothing would change: tick someone to remove, or add someone by e-mail who is not on the staff yet.");
        }

        if (errors.Count > 0)
        {
            return Refused(400, errors);
        }

        var answer = await staff.ChangeAsync(VendorId, wanted, reason, Staff.StaffVersion, ct);
        if (answer.Value is { } changed)
        {
            Notice = changed.StaffVersion == Staff.StaffVersion
                ? $"The staff of {VendorName} were already these: nothing changed."
                : $"Changed the staff of {VendorName}. Its credit accounts and orders follow the new staff within moments.";
            return RedirectToPage(new { vendorId = VendorId });
        }

        return await UnansweredAsync(answer, "The catalog did not answer, so the staff may or may not have changed: check the staff and history below before sending again.", ct);
    }

    /// <summary>A refused or unanswered call: the page again (the staff re-read) with why, the form as it was sent.</summary>
    private async Task<IActionResult> UnansweredAsync<T>(ApiAnswer<T> answer, string noAnswer, CancellationToken ct)
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

        return answer.Status switch
        {
            409 when answer.Reason is "concurrent-change" or "staff-changed" => Refused(409, [ChangedMeanwhile]),
            403 => Refused(403, answer.Errors.Count > 0 ? answer.Errors : [RoleRefused]), // e.g. an administrator on the vendor's staff
            404 => Refused(404, [Missing]),
            >= 400 and < 500 => Refused(answer.Status, answer.Errors.Count > 0 ? answer.Errors : ["The catalog refused this change."]),
            _ => Refused(503, [noAnswer]),
        };
    }

    /// <summary>The vendor's name, its staff and their history, everyone named; null when read, else the page saying why not.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        Staff = null;
        var answer = await staff.StaffAsync(VendorId, ct);
        if (answer.Value is not { } list)
        {
            return Fail(answer, Missing, "The catalog") ?? Page();
        }

        VendorName = (await vendors.VendorAsync(VendorId, ct)).Value?.Name ?? $"Vendor {VendorId}";
        Staff = list;
        History = [.. list.Changes.Reverse()];
        await NamePeopleAsync(list.StaffUserIds.Concat(list.Changes.SelectMany(c => c.Added.Concat(c.Removed).Append(c.ActorUserId))), ct);
        return null;
    }
}
