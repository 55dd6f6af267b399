using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;

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

    public static async Task<IResult> Handle(
        Guid id, ClaimsPrincipal user, LedgerDbContext db, TimeProvider time, IOptions<LedgerOptions> options, ILoggerFactory loggers, CancellationToken ct)
    {
        var settings = options.Value.Clearing;
        var userId = user.UserId();
        for (var attempt = 1; attempt <= PaymentRequests.MaxAttempts; attempt++)
        {
            db.ChangeTracker.Clear();
            var run = await ClearingRuns.FindAsync(db, id, ct);
            if (run is null)
            {
                return ClearingRuns.NotFound(id);
            }

            if (run.Status is ClearingRunStatus.Approved or ClearingRunStatus.Posted)
            {
                return ClearingRuns.Ok(run, settings);
            }

            if (run.Status != ClearingRunStatus.Previewed)
            {
                return ClearingRuns.InvalidTransition(run, "approved");
            }

            if (ClearingRuns.NeedsSecondApprover(run, settings) && run.PreviewedBy == userId)
            {
                loggers.CreateLogger(typeof(ClearingRuns).FullName!).LogWarning(
                    "User {UserId} tried to approve clearing run {RunId} that they previewed; it sets off {SetOff}, above {Threshold}", userId, id, run.TotalSetOff, settings.SecondApprovalAbove);
                return TypedResults.Problem(
                    detail: $"Clearing run {id} sets off {run.TotalSetOff} hundredths, more than {settings.SecondApprovalAbove}: another administrator than the one who previewed it must approve it.",
                    statusCode: StatusCodes.Status403Forbidden, title: "Second approver required",
                    type: ServiceDefaults.Web.ProblemTypes.Named("second-approver-required"));
            }

            run.Status = ClearingRunStatus.Approved;
            run.ApprovedBy = userId;
            run.ApprovedAt = time.GetUtcNow();
            run.Version++;
            try
            {
                await db.SaveChangesAsync(ct);
                return ClearingRuns.Ok(run, settings);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Approved or abandoned by someone else meanwhile: decide again on what it is now.
            }
        }

        return ClearingRuns.Busy(id);
    }
}
