using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SolidarityMarket.Web.Pages;

/// <summary>Where a signed-in member lands who asked for a page their role does not open (the cookie's AccessDeniedPath).</summary>
[AllowAnonymous]
public sealed class DeniedModel : PageModel
{
    public void OnGet() => Response.StatusCode = 403;
}
