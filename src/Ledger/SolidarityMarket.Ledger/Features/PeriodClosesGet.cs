using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>GET /api/ledger/period-closes/{id}</c> (administrators): the close with its policy and items (with the ids of
/// their transfers) — the preview before posting, and after it the report: what became of each item and why.
/// </summary>
public static class PeriodClosesGet
{
    public static void Map(IEndpointRouteBuilder group) => group.MapGet(PeriodCloses.Route + "/{id:guid}", Handle)
        .RequireAuthorization(Policies.Admin).WithName("GetPeriodClose");

    public static async Task<IResult> Handle(Guid id, LedgerDbContext db, TimeProvider time, IOptions<LedgerOptions> options, CancellationToken ct)
    {
        var kind = PeriodCloses.Kind(options.Value.PeriodClose, time);
        return await PeriodCloses.FindAsync(db, id, ct) is { } run ? kind.Ok(run) : AdminRuns.NotFound(kind, id);
    }
}
