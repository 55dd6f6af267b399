using System.Globalization;
using SolidarityMarket.Ordering.Jobs;
using SolidarityMarket.Ordering.Payments.Stripe;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ordering.Features.Reconciliations;

/// <summary>
/// <c>POST /api/ordering/reconciliations?date=YYYY-MM-DD</c> (administrators): reconciles one finished UTC day now,
/// as the daily job would, replacing that day's report. A day not yet over is refused: its report would be partial;
/// so is a day before <see cref="Earliest"/>.
/// </summary>
public static class RunReconciliation
{
    /// <summary>
    /// No card payment is older. Also keeps the day's window (less the job's margin) representable: 0001-01-01 minus
    /// the margin underflowed (500), and days before 1970 would ask the provider with negative Unix times.
    /// </summary>
    public static readonly DateOnly Earliest = new(2020, 1, 1);

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
            errors.Require(day < DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), "date", "date must be a UTC day that is over.")
                .Require(day >= Earliest, "date", $"date must be {Earliest:yyyy-MM-dd} or later (no card payments are older).");
        }

        if (errors.Any)
        {
            return OrderingProblems.Invalid(errors);
        }

        try
        {
            return TypedResults.Ok(ReconciliationReportDto.From(await job.RunDayAsync(day, ct)));
        }
        catch (Exception outage) when (StripeProblems.IsProviderOutage(outage) && !ct.IsCancellationRequested)
        {
            // The provider's balance history could not be read: nothing was stored, and running it again is safe.
            throw StripeProblems.Unavailable(outage);
        }
    }
}
