using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>The administrators' start page: the sections they decide in (the folder's policy admits administrators only).</summary>
public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
