using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SolidarityMarket.Web.Members;
using SolidarityMarket.Web.Pages.Me;

namespace SolidarityMarket.Web.Pages;

/// <summary>
/// Asking for a password-reset code (<c>POST /api/auth/forgotPassword</c>, which mails it when the address has an
/// account). The page says the same whether or not it has one — the API answers the same too — so nobody learns here
/// which addresses are members. Only the API's limits (429) and its silence are told apart.
/// </summary>
[AllowAnonymous]
public sealed class ForgotPasswordModel(AuthClient auth) : MemberPage
{
    [BindProperty]
    public string? Email { get; set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var email = Email?.Trim();
        if (string.IsNullOrEmpty(email))
        {
            return Refused(400, ["Enter your e-mail address."]);
        }

        var answer = await auth.ForgotPasswordAsync(email, MemberSession.BrowserAddress(HttpContext), ct);
        if (answer.Ok || answer.Status == 400)
        {
            // 400: an address Identity cannot read — it has no account either, and saying so would differ from the rest.
            Sent = true;
            return Page();
        }

        return Refused(answer.Status is 429 ? 429 : 503, answer.Status switch
        {
            429 => answer.Errors.Count > 0 ? answer.Errors : ["Too many requests. Wait a few minutes and try again."],
            _ => ["Sending a code is not possible at the moment. Please try again in a little while."],
        });
    }
}
