using System.Security.Claims;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/period-closes/{id}/abandon</c> <c>{"reason": "..."}</c> (optional, ≤ 500; administrators): a
/// previewed or approved close is withdrawn and can never be posted. Refused (409 <c>period-close-posting</c>) once a
/// post has started on it; abandoning again answers 200; a posted close 409.
/// </summary>
public static class PeriodClosesAbandon
{
    public static void Map(IEndpointRouteBuilder group) => group.MapPost(PeriodCloses.Route + "/{id:guid}/abandon", Handle)
        .RequireAuthorization(Policies.Admin).WithName("AbandonPeriodClose");

    public static Task<IResult> Handle(
        Guid id, AdminRuns.ReasonRequest? body, ClaimsPrincipal user, LedgerDbContext db, TimeProvider time, IOptions<LedgerOptions> options, CancellationToken ct) =>
        AdminRuns.AbandonAsync(PeriodCloses.Kind(options.Value.PeriodClose, time), id, body, user, db, time, ct);
}
