using System.Security.Claims;

namespace SolidarityMarket.ServiceDefaults.Auth;

public static class UserExtensions
{
    /// <summary>The Identity user id of a signed-in user (endpoints that call this require authentication).</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("The endpoint requires an authenticated user with a NameIdentifier claim.");

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);
}
