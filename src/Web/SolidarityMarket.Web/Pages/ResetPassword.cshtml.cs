using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SolidarityMarket.Web.Members;
using SolidarityMarket.Web.Pages.Me;

namespace SolidarityMarket.Web.Pages;

/// <summary>
/// Setting a new password with the mailed code (<c>POST /api/auth/resetPassword</c>). The mail's link fills the address
/// and the code in from its query (<c>?email=…&amp;code=…</c>); nothing is sent until the member types the new password
/// twice and sends the form. Identity's refusals (a wrong or used code, a weak password) are shown as it words them;
/// success goes to sign-in, saying so.
/// </summary>
[AllowAnonymous]
public sealed class ResetPasswordModel(AuthClient auth) : MemberPage
{
    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Repeat { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var email = Email?.Trim();
        var code = Code?.Trim();
        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(code) || string.IsNullOrEmpty(Password))
        {
            return Refused(400, ["Enter your e-mail address, the code from the mail and a new password."]);
        }

        if (Password != Repeat)
        {
            return Refused(400, ["The two passwords are not the same. Type the new password twice, the same way."]);
        }

        var answer = await auth.ResetPasswordAsync(email, code, Password, MemberSession.BrowserAddress(HttpContext), ct);
        if (!answer.Ok)
        {
            return Refused(answer.Status, answer.Status switch
            {
                400 when answer.Errors.Count > 0 => answer.Errors,
                400 => ["The code is not right for this address, or it was already used. Ask for a new one."],
                429 => answer.Errors.Count > 0 ? answer.Errors : ["Too many attempts from here. Wait a minute and try again."],
                _ => ["Resetting the password is not possible at the moment. Please try again in a little while."],
            });
        }

        return Redirect(Url.Content("~/signin") + "?reset=true");
    }

    /// <summary>The form again without the passwords (never sent back to the browser); the address and code stay.</summary>
    protected override PageResult Refused(int status, IReadOnlyList<string> errors)
    {
        Password = null;
        Repeat = null;
        return base.Refused(status is >= 400 and < 500 ? status : 503, errors);
    }
}
