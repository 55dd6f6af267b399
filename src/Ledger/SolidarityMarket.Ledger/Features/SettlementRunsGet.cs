using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>GET /api/ledger/settlement-runs/{id}</c> (administrators): the run with its transfers (and their ids) and each
/// exchange's position before and after — the preview before posting, the report after.
/// </summary>
public static class SettlementRunsGet
{
    public static void Map(IEndpointRouteBuilder group) => group.MapGet(SettlementRuns.Route + "/{id:guid}", Handle)
        .RequireAuthorization(Policies.Admin).WithName("GetSettlementRun");

    public static async Task<IResult> Handle(Guid id, LedgerDbContext db, TimeProvider time, IOptions<LedgerOptions> options, CancellationToken ct)
    {
        var kind = SettlementRuns.Kind(options.Value.Settlement, time);
        return await SettlementRuns.FindAsync(db, id, ct) is { } run ? kind.Ok(run) : AdminRuns.NotFound(kind, id);
    }
}
