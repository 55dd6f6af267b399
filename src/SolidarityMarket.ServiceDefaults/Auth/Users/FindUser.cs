using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.ServiceDefaults.Auth.Users;

/// <summary>A user as an administrator sees them: e-mail, roles, suspended or not, and every suspension decision.</summary>
public sealed record UserDto(string Id, string? Email, IReadOnlyList<string> Roles, bool Suspended, IReadOnlyList<UserSuspensionDto> History);

public sealed record UserSuspensionDto(string Action, string Reason, string ByUserId, DateTimeOffset At);

/// <summary><c>GET /api/auth/users/{id}</c> and <c>GET /api/auth/users?email=</c> (administrators).</summary>
public static class FindUser
{
    public static async Task<IResult> ById(string id, UserManager<IdentityUser> users, AuthDbContext db, CancellationToken ct) =>
        await users.FindByIdAsync(id) is { } user ? TypedResults.Ok(await LoadAsync(user, users, db, ct)) : NotFound(id);

    public static async Task<IResult> ByEmail(string? email, UserManager<IdentityUser> users, AuthDbContext db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return TypedResults.ValidationProblem(new RequestErrors().Add("email", "email is required.").ToDictionary(), type: ProblemTypes.ForStatus(400));
        }

        return await users.FindByEmailAsync(email.Trim()) is { } user ? TypedResults.Ok(await LoadAsync(user, users, db, ct)) : NotFound(email);
    }

    public static async Task<UserDto> LoadAsync(IdentityUser user, UserManager<IdentityUser> users, AuthDbContext db, CancellationToken ct)
    {
        // A handful of rows per user; sorted here because SQLite cannot order by a DateTimeOffset column.
        var rows = await db.UserSuspensions.AsNoTracking().Where(s => s.UserId == user.Id).ToListAsync(ct);
        var history = rows.OrderBy(s => s.At).ThenBy(s => s.Id).Select(s => new UserSuspensionDto(s.Action, s.Reason, s.ByUserId, s.At)).ToList();
        return new UserDto(user.Id, user.Email, [.. (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal)], SuspendUser.IsSuspended(user), history);
    }

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(detail: $"User {what} was not found.", statusCode: StatusCodes.Status404NotFound, title: "Not found", type: ProblemTypes.ForStatus(404));
}
