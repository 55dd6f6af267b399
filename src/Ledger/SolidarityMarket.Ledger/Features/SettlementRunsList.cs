using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>GET /api/ledger/settlement-runs?page=&amp;pageSize=</c> (administrators): runs, newest preview first, without
/// their transfers and positions (read one run for those); paged.
/// </summary>
public static class SettlementRunsList
{
    public sealed record Page(int PageNumber, int PageSize, int Total, IReadOnlyList<SettlementRuns.SettlementRunDto> Items);

    public static void Map(IEndpointRouteBuilder group) => group.MapGet(SettlementRuns.Route, Handle)
        .RequireAuthorization(Policies.Admin).WithName("ListSettlementRuns");

    public static async Task<IResult> Handle(LedgerDbContext db, IOptions<LedgerOptions> options, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        var errors = new RequestErrors()
            .Require(page is >= 1 and <= 1_000_000, "page", "page must be between 1 and 1,000,000.")
            .Require(pageSize is >= 1 and <= ClearingRunsList.MaxPageSize, "pageSize", $"pageSize must be between 1 and {ClearingRunsList.MaxPageSize}.");
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var total = await db.SettlementRuns.CountAsync(ct);
        var rows = await db.SettlementRuns.AsNoTracking().OrderByDescending(r => r.PreviewedAt).ThenByDescending(r => r.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new Page(page, pageSize, total, rows.Select(r => SettlementRuns.SettlementRunDto.From(r, options.Value.Settlement, details: false)).ToList()));
    }
}
