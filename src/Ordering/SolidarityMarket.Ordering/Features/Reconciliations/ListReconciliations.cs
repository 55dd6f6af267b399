using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ordering.Features.Reconciliations;

/// <summary><c>GET /api/ordering/reconciliations?page=&amp;pageSize=</c> (administrators): card reconciliation reports, latest day first.</summary>
public static class ListReconciliations
{
    public const int MaxPageSize = 100;

    public sealed record ReportPage(int Page, int PageSize, int Total, IReadOnlyList<ReconciliationReportDto> Items);

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/reconciliations", Handle).RequireAuthorization(Policies.Admin).WithName("ListCardReconciliations").ProducesValidationProblem();

    public static async Task<IResult> Handle(OrderingDbContext db, CancellationToken ct, int page = 1, int pageSize = 30)
    {
        var errors = new RequestErrors()
            .Require(page >= 1, "page", "page must be 1 or more.")
            .Require(pageSize is >= 1 and <= MaxPageSize, "pageSize", $"pageSize must be between 1 and {MaxPageSize}.");
        if (errors.Any)
        {
            return OrderingProblems.Invalid(errors);
        }

        var total = await db.CardReconciliationReports.CountAsync(ct);

        // In long: (page - 1) * pageSize overflows int for a huge page, and a negative OFFSET is an error on PostgreSQL.
        // A page past the end is empty, as it would be for any page beyond the last.
        var offset = (long)(page - 1) * pageSize;
        var reports = offset >= total
            ? []
            : await db.CardReconciliationReports.AsNoTracking().OrderByDescending(r => r.PeriodStart)
                .Skip((int)offset).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new ReportPage(page, pageSize, total, reports.Select(ReconciliationReportDto.From).ToList()));
    }
}
