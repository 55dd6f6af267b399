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
}
