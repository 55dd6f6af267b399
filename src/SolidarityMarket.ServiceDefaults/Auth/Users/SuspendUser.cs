using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.ServiceDefaults.Auth.Users;

/// <summary>
/// <c>POST /api/auth/users/{id}/suspend</c> and <c>/reinstate</c>, <c>{"reason": "..."}</c> (administrators). A
/// suspended user is locked out for good (Identity's lock-out end set to the largest date) and their security stamp is
/// changed: new sign-ins and refresh tokens are refused at once, and every process refuses their access tokens within
/// <c>Auth:UserCheckInterval</c> (SignedInUserCheck, ADR 0018). Reinstating lifts the lock-out; the user signs in
/// again. Each decision is one audit row, written in the same transaction as the change. Administrators cannot be
/// suspended here (take the role with <c>revoke-admin</c> first), so that a stolen administrator token cannot lock
/// every administrator out. Repeating a decision already in force changes nothing and records nothing.
/// </summary>
public static class SuspendUser
{
    public const string Suspended = "suspended";
    public const string Reinstated = "reinstated";

    public sealed record DecisionRequest(string? Reason);

    public static bool IsSuspended(IdentityUser user) => user.LockoutEnabled && user.LockoutEnd == DateTimeOffset.MaxValue;

    public static Task<IResult> Suspend(string id, DecisionRequest? body, ClaimsPrincipal admin, UserManager<IdentityUser> users, AuthDbContext db, TimeProvider time, ILoggerFactory logs, CancellationToken ct) =>
        DecideAsync(id, body, suspend: true, admin, users, db, time, logs, ct);

    public static Task<IResult> Reinstate(string id, DecisionRequest? body, ClaimsPrincipal admin, UserManager<IdentityUser> users, AuthDbContext db, TimeProvider time, ILoggerFactory logs, CancellationToken ct) =>
        DecideAsync(id, body, suspend: false, admin, users, db, time, logs, ct);

    private static async Task<IResult> DecideAsync(
        string id, DecisionRequest? body, bool suspend, ClaimsPrincipal admin, UserManager<IdentityUser> users, AuthDbContext db, TimeProvider time, ILoggerFactory logs, CancellationToken ct)
    {
        var errors = new RequestErrors().Text(body?.Reason, "reason", UserSuspension.ReasonMaxLength);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.ForStatus(400));
        }

        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return FindUser.NotFound(id);
        }

        if (suspend && await users.IsInRoleAsync(user, Roles.Admin))
        {
            return TypedResults.Problem(
                detail: "Administrators cannot be suspended through the API; take the role first with the host's revoke-admin command.",
                statusCode: StatusCodes.Status409Conflict, title: "Conflict", type: ProblemTypes.Named("user-is-administrator"));
        }

        if (IsSuspended(user) != suspend)
        {
            var (now, adminId, reason, action) = (time.GetUtcNow(), admin.UserId(), body!.Reason!.Trim(), suspend ? Suspended : Reinstated);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            user.LockoutEnabled = true;
            user.LockoutEnd = suspend ? DateTimeOffset.MaxValue : null;
            user.AccessFailedCount = 0;
            var changed = suspend ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user);
            if (!changed.Succeeded)
            {
                // A concurrent change of the same user (Identity's concurrency stamp): nothing was saved.
                return TypedResults.Problem(detail: "The user was changed at the same moment; try again.", statusCode: StatusCodes.Status409Conflict,
                    title: "Conflict", type: ProblemTypes.Named("user-changed"));
            }

            db.UserSuspensions.Add(new UserSuspension
            {
                Id = Guid.CreateVersion7(now), UserId = user.Id, Action = action, Reason = reason, ByUserId = adminId, At = now,
            });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            logs.CreateLogger(typeof(SuspendUser)).LogWarning("User {UserId} {Action} by administrator {AdminId}: {Reason}",
                user.Id, action, adminId, reason);
        }

        return TypedResults.Ok(await FindUser.LoadAsync(user, users, db, ct));
    }
}
