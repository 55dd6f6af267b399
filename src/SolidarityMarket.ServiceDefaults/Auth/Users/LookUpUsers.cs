using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.ServiceDefaults.Auth.Users;

/// <summary>
/// <c>POST /api/auth/users/lookup</c>, <c>{"ids": ["...", ...]}</c> (administrators): the e-mail of each user id
/// found, as <c>{"emails": {"id": "e-mail"}}</c>, so that a page naming who did what asks once for all its rows
/// instead of once per row. Ids not found (a deleted user, or a job name such as <c>ledger</c> or <c>expiry</c> that
/// services record as the actor) are simply absent. A POST, not a query string: 200 ids do not fit in a request line.
/// </summary>
public static class LookUpUsers
{
    /// <summary>Enough for a page of rows with a few actors each; more in one call is a mistake or abuse.</summary>
    public const int MaxIds = 200;

    /// <summary>Identity's ids are GUIDs (36 characters); anything much longer is not an id.</summary>
    public const int MaxIdLength = 100;

    public sealed record LookupRequest(IReadOnlyList<string?>? Ids);

    public sealed record LookupResponse(IReadOnlyDictionary<string, string?> Emails);

    public static async Task<IResult> Lookup(LookupRequest? body, UserManager<IdentityUser> users, CancellationToken ct)
    {
        var ids = body?.Ids ?? [];
        var errors = new RequestErrors()
            .Require(body?.Ids is not null, "ids", "ids is required (a list of user ids).")
            .Require(ids.Count <= MaxIds, "ids", $"At most {MaxIds} ids in one look-up.");
        if (ids.Count <= MaxIds)
        {
            foreach (var id in ids)
            {
                // Not trimmed: an id is compared exactly, so one with spaces around it is a mistake worth saying.
                errors.Require(!string.IsNullOrWhiteSpace(id) && id.Length <= MaxIdLength && StorableText.IsStorable(id), "ids",
                    $"Each id must be non-blank, at most {MaxIdLength} characters, without control characters.");
                if (errors.Any)
                {
                    break;
                }
            }
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.ForStatus(400));
        }

        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        var found = await users.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).Select(u => new { u.Id, u.Email }).ToListAsync(ct);
        return TypedResults.Ok(new LookupResponse(found.ToDictionary(u => u.Id, u => u.Email, StringComparer.Ordinal)));
    }
}
