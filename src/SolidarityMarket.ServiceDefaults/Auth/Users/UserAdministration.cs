using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SolidarityMarket.ServiceDefaults.Auth.Users;

/// <summary>
/// <c>/api/auth/users</c>, administrators only: look a user up (by id or e-mail) with their roles, whether they are
/// suspended and the history of it; name many users at once (id → e-mail); suspend and reinstate them with a reason. Roles are not granted here: Admin only
/// through the host's <c>grant-admin</c> command (HostCommand), so a stolen administrator token cannot make more.
/// </summary>
public static class UserAdministration
{
    public static IEndpointRouteBuilder MapUserAdministration(this IEndpointRouteBuilder endpoints)
    {
        var users = endpoints.MapGroup("/api/auth/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        users.MapGet("/", FindUser.ByEmail).WithName("FindUserByEmail");
        users.MapGet("/{id}", FindUser.ById).WithName("GetUser");
        users.MapPost("/lookup", LookUpUsers.Lookup).WithName("LookUpUsers");
        users.MapPost("/{id}/suspend", SuspendUser.Suspend).WithName("SuspendUser");
        users.MapPost("/{id}/reinstate", SuspendUser.Reinstate).WithName("ReinstateUser");
        return endpoints;
    }
}
