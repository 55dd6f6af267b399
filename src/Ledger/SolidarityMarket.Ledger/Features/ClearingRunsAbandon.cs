using System.Security.Claims;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/clearing-runs/{id}/abandon</c> <c>{"reason": "..."}</c> (optional, ≤ 500; administrators):
/// a previewed or approved run is withdrawn and can never be posted. Abandoning again answers 200; a posted run 409.
/// </summary>
public static class ClearingRunsAbandon
{
    public static void Map(IEndpointRouteBuilder group) => group.MapPost(ClearingRuns.Route + "/{id:guid}/abandon", Handle)
        .RequireAuthorization(Policies.Admin).WithName("AbandonClearingRun");

    public static async Task<IResult> Handle(
        Guid id, ClearingRuns.ReasonRequest? body, ClaimsPrincipal user, LedgerDbContext db, TimeProvider time, IOptions<LedgerOptions> options, CancellationToken ct)
    {
        var errors = new RequestErrors().Text(body?.Reason, "reason", ClearingRun.MaxReasonLength, required: false);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var settings = options.Value.Clearing;
        return await ClearingRuns.ChangeAsync(db, id, settings,
            run => run.Status switch
            {
                ClearingRunStatus.Abandoned => ClearingRuns.Ok(run, settings),
                ClearingRunStatus.Posted => ClearingRuns.InvalidTransition(run, "abandoned"),
                _ => null,
            },
            run =>
            {
                run.Status = ClearingRunStatus.Abandoned;
                run.AbandonedBy = user.UserId();
                run.AbandonedAt = time.GetUtcNow();
                run.AbandonReason = body?.Reason?.Trim() is { Length: > 0 } reason ? reason : null;
            },
            ct);
    }
}
