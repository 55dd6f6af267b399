using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>GET /api/ledger/clearing-runs/{id}</c> (administrators): the run with its set-off per request and each
/// account's obligations before and after — the preview before posting, the report after.
/// </summary>
public static class ClearingRunsGet
{
    public static void Map(IEndpointRouteBuilder group) => group.MapGet(ClearingRuns.Route + "/{id:guid}", Handle)
        .RequireAuthorization(Policies.Admin).WithName("GetClearingRun");

    public static async Task<IResult> Handle(Guid id, LedgerDbContext db, IOptions<LedgerOptions> options, CancellationToken ct) =>
        await ClearingRuns.FindAsync(db, id, ct) is { } run ? ClearingRuns.Ok(run, options.Value.Clearing) : AdminRuns.NotFound(ClearingRuns.Kind(options.Value.Clearing), id);
}
