using System.Security.Claims;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/settlement-runs/{id}/abandon</c> <c>{"reason": "..."}</c> (optional, ≤ 500; administrators):
/// a previewed or approved run is withdrawn and can never be posted. Abandoning again answers 200; a posted run 409.
/// </summary>
public static class SettlementRunsAbandon
{
    public static void Map(IEndpointRouteBuilder group) => group.MapPost(SettlementRuns.Route + "/{id:guid}/abandon", Handle)
        .RequireAuthorization(Policies.Admin).WithName("AbandonSettlementRun");

    public static Task<IResult> Handle(
        Guid id, AdminRuns.ReasonRequest? body, ClaimsPrincipal user, LedgerDbContext db, TimeProvider time, IOptions<LedgerOptions> options, CancellationToken ct) =>
        AdminRuns.AbandonAsync(SettlementRuns.Kind(options.Value.Settlement, time), id, body, user, db, time, ct);
}
