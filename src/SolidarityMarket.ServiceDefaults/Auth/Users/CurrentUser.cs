using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace SolidarityMarket.ServiceDefaults.Auth.Users;

/// <summary>The signed-in user as they see themselves: id, e-mail and roles.</summary>
public sealed record CurrentUserDto(string Id, string? Email, IReadOnlyList<string> Roles);

/// <summary>
/// <c>GET /api/auth/me</c>: who the caller is and which roles they hold, read from the user store (not the token), so a
/// client such as the web UI can show an administrator their pages. Showing is all it is for: every API still
/// checks the caller's roles itself.
/// </summary>
public static class CurrentUser
{
    public static RouteHandlerBuilder MapCurrentUser(this IEndpointRouteBuilder auth) =>
        auth.MapGet("/me", Handle).RequireAuthorization().WithName("CurrentUser");

    private static async Task<Results<Ok<CurrentUserDto>, NotFound>> Handle(ClaimsPrincipal principal, UserManager<IdentityUser> users)
    {
        // The signed-in user check (ADR 0018) refuses tokens of deleted users; a race with a deletion still ends here.
        if (await users.FindByIdAsync(principal.UserId()) is not { } user)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(new CurrentUserDto(user.Id, user.Email, [.. (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal)]));
    }
}
