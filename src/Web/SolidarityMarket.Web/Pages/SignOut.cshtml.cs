using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SolidarityMarket.Web.Members;

namespace SolidarityMarket.Web.Pages;

/// <summary>Ends the member's session (a POST with the antiforgery token: a link elsewhere cannot sign anyone out).</summary>
[AllowAnonymous]
public sealed class SignOutModel(MemberSession session) : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        await session.SignOutAsync();
        return LocalRedirect("~/");
    }
}
