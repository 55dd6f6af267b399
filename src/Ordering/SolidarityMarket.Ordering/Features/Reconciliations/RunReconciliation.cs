using System.Globalization;
using SolidarityMarket.Ordering.Jobs;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ordering.Features.Reconciliations;

/// <summary>
/// <c>POST /api/ordering/reconciliations?date=YYYY-MM-DD</c> (administrators): reconciles one finished UTC day now,
/// as the daily job would, replacing that day's report. A day not yet over is refused: its report would be partial.
/// </summary>
public static class RunReconciliation
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/reconciliations", Handle).RequireAuthorization(Policies.Admin).WithName("RunCardReconciliation").ProducesValidationProblem();

    public static async Task<IResult> Handle(string? date, ReconcileCardPayments job, TimeProvider time, CancellationToken ct)
    {
        var errors = new RequestErrors();
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors.Add("date", "date is required, as YYYY-MM-DD (a UTC day).");
        }
        else
        {
            errors.Require(day < DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), "date", "date must be a UTC day that is over.");
        }

        if (errors.Any)
        {
            return OrderingProblems.Invalid(errors);
        }

        return TypedResults.Ok(ReconciliationReportDto.From(await job.RunDayAsync(day, ct)));
    }
}
