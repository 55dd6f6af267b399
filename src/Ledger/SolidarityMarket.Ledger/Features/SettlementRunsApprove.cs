using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/settlement-runs/{id}/approve</c> (administrators): Previewed → Approved. A run settling more
/// than <see cref="SettlementSettings.SecondApprovalAbove"/> needs a second administrator: the one who previewed it
/// gets 403 <c>second-approver-required</c>. Approving again (or a posted run) answers 200 with the run.
/// </summary>
public static class SettlementRunsApprove
{
    public static void Map(IEndpointRouteBuilder group) => group.MapPost(SettlementRuns.Route + "/{id:guid}/approve", Handle)
        .RequireAuthorization(Policies.Admin).WithName("ApproveSettlementRun");

    public static Task<IResult> Handle(
        Guid id, ClaimsPrincipal user, LedgerDbContext db, TimeProvider time, IOptions<LedgerOptions> options, ILoggerFactory loggers, CancellationToken ct) =>
        AdminRuns.ApproveAsync(SettlementRuns.Kind(options.Value.Settlement, time), id, user, db, time, loggers.CreateLogger(typeof(SettlementRuns).FullName!), ct);
}
