using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SolidarityMarket.Web.Members;

namespace SolidarityMarket.Web.Pages;

/// <summary>
/// Sign-in with e-mail and password, checked by the API (<c>POST /api/auth/login</c>); on success the member's
/// session cookie (<see cref="MemberSession"/>) and a redirect to where they were going — a local address only, so a
/// crafted link cannot send a member elsewhere after signing in.
/// </summary>
[AllowAnonymous]
public sealed class SignInModel(AuthClient auth, MemberSession session) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    /// <summary>Arrived from <c>/reset-password</c> after the new password was set (shown on that GET only).</summary>
    public bool PasswordReset { get; private set; }

    public void OnGet(bool reset = false) => PasswordReset = reset;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            return Refused(400, "Enter your e-mail address and your password.");
        }

        var answer = await auth.SignInAsync(Email.Trim(), Password, MemberSession.BrowserAddress(HttpContext), ct);
        if (answer.Value is not { } tokens)
        {
            // Identity names why in the problem's detail: Failed, Lockedout, NotAllowed, RequiresTwoFactor.
            var why = answer.Errors.Count > 0 ? answer.Errors[0] : "";
            return Refused(answer.Status, answer.Status switch
            {
                401 when why.Equals("Lockedout", StringComparison.OrdinalIgnoreCase) => "This account may not sign in now: it was locked after too many failed attempts, or suspended by an administrator.",
                401 when why.Equals("NotAllowed", StringComparison.OrdinalIgnoreCase) => "This account may not sign in yet: its e-mail address is not confirmed.",
                401 when why.Equals("RequiresTwoFactor", StringComparison.OrdinalIgnoreCase) => "This account signs in with a second factor, which these pages do not offer yet. Sign in through the API.",
                401 or 400 => "The e-mail address or the password is not right.",
                429 => "Too many sign-in attempts. Wait a minute and try again.",
                _ => "Signing in is not possible at the moment. Please try again in a little while.",
            });
        }

        await session.SignInAsync(Email.Trim(), tokens, ct);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "~/me/accounts");
    }

    private PageResult Refused(int status, string error)
    {
        Error = error;
        Password = null;
        Response.StatusCode = status is >= 400 and < 500 ? status : 503;
        return Page();
    }
}
