using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SolidarityMarket.Web.Members;
using SolidarityMarket.Web.Pages.Me;

namespace SolidarityMarket.Web.Pages;

/// <summary>
/// Joining the network: <c>POST /api/auth/register</c>, then signing in at once (<c>POST /api/auth/login</c>) and on to
/// opening a first credit account. The API decides what a valid address and password are and says why it refuses;
/// its limits on how often one address may try apply here too (the browser's address goes along).
/// </summary>
[AllowAnonymous]
public sealed class RegisterModel(AuthClient auth, MemberSession session) : MemberPage
{
    [BindProperty]
    public string? Email { get; set; }

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
        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(Password))
        {
            return Refused(400, ["Enter your e-mail address and a password."]);
        }

        if (Password != Repeat)
        {
            return Refused(400, ["The two passwords are not the same. Type the password twice, the same way."]);
        }

        var browser = MemberSession.BrowserAddress(HttpContext);
        var registered = await auth.RegisterAsync(email, Password, browser, ct);
        if (!registered.Ok)
        {
            return Refused(registered.Status, registered.Status switch
            {
                400 when registered.Errors.Count > 0 => registered.Errors,
                429 => ["Too many attempts from here. Wait a minute and try again."],
                _ => ["Joining is not possible at the moment. Please try again in a little while."],
            });
        }

        var signedIn = await auth.SignInAsync(email, Password, browser, ct);
        if (signedIn.Value is not { } tokens)
        {
            // Registered, but the sign-in did not go through (rate limit, no answer): the account exists, so sign in.
            return Redirect(Url.Content("~/signin") + "?ReturnUrl=" + Uri.EscapeDataString(Url.Content("~/me/accounts/open")));
        }

        await session.SignInAsync(email, tokens, ct);
        return Redirect(Url.Content("~/me/accounts/open") + "?welcome=true");
    }

    /// <summary>The form again without the passwords (never sent back to the browser).</summary>
    protected override PageResult Refused(int status, IReadOnlyList<string> errors)
    {
        Password = null;
        Repeat = null;
        return base.Refused(status is >= 400 and < 500 ? status : 503, errors);
    }
}
