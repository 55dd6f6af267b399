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

    public static Task<IResult> Handle(
        Guid id, ClaimsPrincipal user, LedgerDbContext db, TimeProvider time, IOptions<LedgerOptions> options, ILoggerFactory loggers, CancellationToken ct) =>
        AdminRuns.ApproveAsync(ClearingRuns.Kind(options.Value.Clearing), id, user, db, time, loggers.CreateLogger(typeof(ClearingRuns).FullName!), ct);
}
