using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Web.Admin;
using SolidarityMarket.Web.Pages.Me;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// An administrator's page: the folder's policy admits sessions that held the Admin role at sign-in, and a 403 from the
/// API then means the role was taken away since — said so, not shown as "not found".
/// </summary>
public abstract class AdminPage : MemberPage
{
    public const string RoleRefused = "The API refused this: your account may no longer be an administrator's. Sign out and in again.";

    protected override string? RefusedRole => RoleRefused;

    /// <summary>Who the page's user ids are (<see cref="NamePeopleAsync"/>); ids as they are until then.</summary>
    public People People { get; private set; } = People.Unnamed;

    /// <summary>
    /// Names every user id the page will show in one look-up. The client comes from the request's services rather than
    /// each page's constructor, so that naming people is one line in a page and not a change to every page's signature.
    /// </summary>
    protected async Task NamePeopleAsync(IEnumerable<string?> ids, CancellationToken ct) =>
        People = await HttpContext.RequestServices.GetRequiredService<PeopleClient>().NamesAsync(ids, ct);
}
