using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>GET /api/ledger/clearing-runs?exchangeId=&amp;page=&amp;pageSize=</c> (administrators): runs, newest preview first,
/// without their lines (read one run for those); paged.
/// </summary>
public static class ClearingRunsList
{
    public const int MaxPageSize = 200;

    public sealed record Page(int PageNumber, int PageSize, int Total, IReadOnlyList<ClearingRuns.ClearingRunDto> Items);

    public static void Map(IEndpointRouteBuilder group) => group.MapGet(ClearingRuns.Route, Handle)
        .RequireAuthorization(Policies.Admin).WithName("ListClearingRuns");

    public static async Task<IResult> Handle(
        LedgerDbContext db, IOptions<LedgerOptions> options, CancellationToken ct, string? exchangeId = null, int page = 1, int pageSize = 50)
    {
        var errors = new RequestErrors()
            .Require(page is >= 1 and <= 1_000_000, "page", "page must be between 1 and 1,000,000.")
            .Require(pageSize is >= 1 and <= MaxPageSize, "pageSize", $"pageSize must be between 1 and {MaxPageSize}.")
            .Text(exchangeId, "exchangeId", 64, required: false);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var query = db.ClearingRuns.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(exchangeId))
        {
            query = query.Where(r => r.ExchangeId == exchangeId.Trim());
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.PreviewedAt).ThenByDescending(r => r.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new Page(page, pageSize, total, rows.Select(r => ClearingRuns.ClearingRunDto.From(r, options.Value.Clearing, details: false)).ToList()));
    }
}
