using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>GET /api/ledger/period-closes?exchangeId=&amp;page=&amp;pageSize=</c> (administrators): closes, newest month first
/// (then newest preview), without their items (read one close for those); paged.
/// </summary>
public static class PeriodClosesList
{
    public sealed record Page(int PageNumber, int PageSize, int Total, IReadOnlyList<PeriodCloses.PeriodCloseDto> Items);

    public static void Map(IEndpointRouteBuilder group) => group.MapGet(PeriodCloses.Route, Handle)
        .RequireAuthorization(Policies.Admin).WithName("ListPeriodCloses");

    public static async Task<IResult> Handle(LedgerDbContext db, IOptions<LedgerOptions> options, CancellationToken ct, string? exchangeId = null, int page = 1, int pageSize = 50)
    {
        var errors = new RequestErrors()
            .Text(exchangeId, "exchangeId", 64, required: false)
            .Require(page is >= 1 and <= 1_000_000, "page", "page must be between 1 and 1,000,000.")
            .Require(pageSize is >= 1 and <= ClearingRunsList.MaxPageSize, "pageSize", $"pageSize must be between 1 and {ClearingRunsList.MaxPageSize}.");
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var runs = db.PeriodCloseRuns.AsNoTracking();
        if (!string.IsNullOrEmpty(exchangeId))
        {
            runs = runs.Where(r => r.ExchangeId == exchangeId);
        }

        var total = await runs.CountAsync(ct);
        var rows = await runs.OrderByDescending(r => r.PeriodStart).ThenByDescending(r => r.PreviewedAt).ThenByDescending(r => r.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var counts = await db.Set<PeriodCloseRunItem>().AsNoTracking().Where(i => ids.Contains(i.RunId)).GroupBy(i => i.RunId)
            .Select(g => new { RunId = g.Key, Count = g.Count() }).ToDictionaryAsync(c => c.RunId, c => c.Count, ct);
        return TypedResults.Ok(new Page(page, pageSize, total,
            rows.Select(r => PeriodCloses.PeriodCloseDto.From(r, options.Value.PeriodClose, details: false, counts.GetValueOrDefault(r.Id))).ToList()));
    }
}
