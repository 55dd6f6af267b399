using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/clearing-runs/{id}/approve</c> (administrators): Previewed → Approved. A run that sets off
/// more than <see cref="ClearingSettings.SecondApprovalAbove"/> needs a second administrator: the one who previewed
/// it gets 403 <c>second-approver-required</c>. Approving again (or a posted run) answers 200 with the run.
/// </summary>
public static class ClearingRunsApprove
{
    public static void Map(IEndpointRouteBuilder group) => group.MapPost(ClearingRuns.Route + "/{id:guid}/approve", Handle)
        .RequireAuthorization(Policies.Admin).WithName("ApproveClearingRun");

    public static Task<IResult> Handle(
        Guid id, ClaimsPrincipal user, LedgerDbContext db, TimeProvider time, IOptions<LedgerOptions> options, ILoggerFactory loggers, CancellationToken ct)
    {
        var settings = options.Value.Clearing;
        var userId = user.UserId();
        return ClearingRuns.ChangeAsync(db, id, settings,
            run => run.Status switch
            {
                ClearingRunStatus.Approved or ClearingRunStatus.Posted => ClearingRuns.Ok(run, settings),
                ClearingRunStatus.Abandoned => ClearingRuns.InvalidTransition(run, "approved"),
                _ when ClearingRuns.NeedsSecondApprover(run, settings) && run.PreviewedBy == userId => SecondApproverRequired(run, userId, settings, loggers),
                _ => null,
            },
            run =>
            {
                run.Status = ClearingRunStatus.Approved;
                run.ApprovedBy = userId;
                run.ApprovedAt = time.GetUtcNow();
            },
            ct);
    }

    private static IResult SecondApproverRequired(ClearingRun run, string userId, ClearingSettings settings, ILoggerFactory loggers)
    {
        loggers.CreateLogger(typeof(ClearingRuns).FullName!).LogWarning(
            "User {UserId} tried to approve clearing run {RunId} that they previewed; it sets off {SetOff}, above {Threshold}",
            userId, run.Id, run.TotalSetOff, settings.SecondApprovalAbove);
        return TypedResults.Problem(
            detail: $"Clearing run {run.Id} sets off {run.TotalSetOff} hundredths, more than {settings.SecondApprovalAbove}: another administrator than the one who previewed it must approve it.",
            statusCode: StatusCodes.Status403Forbidden, title: "Second approver required", type: ProblemTypes.Named("second-approver-required"));
    }
}
