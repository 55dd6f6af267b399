using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/period-closes/{id}/approve</c> (administrators): Previewed → Approved. A close moving more than
/// <see cref="PeriodCloseSettings.SecondApprovalAbove"/> needs a second administrator: the one who previewed it gets
/// 403 <c>second-approver-required</c>. Approving again (or a posted close) answers 200 with the close.
/// </summary>
public static class PeriodClosesApprove
{
    public static void Map(IEndpointRouteBuilder group) => group.MapPost(PeriodCloses.Route + "/{id:guid}/approve", Handle)
        .RequireAuthorization(Policies.Admin).WithName("ApprovePeriodClose");

    public static Task<IResult> Handle(
        Guid id, ClaimsPrincipal user, LedgerDbContext db, TimeProvider time, IOptions<LedgerOptions> options, ILoggerFactory loggers, CancellationToken ct) =>
        AdminRuns.ApproveAsync(PeriodCloses.Kind(options.Value.PeriodClose, time), id, user, db, time, loggers.CreateLogger(typeof(PeriodCloses).FullName!), ct);
}
