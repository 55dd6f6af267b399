using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/settlement-runs</c> <c>{"reference": "..."}</c> (administrators): previews a settlement of the
/// exchanges' cross-sector positions and stores it (201, status Previewed): the exact transfers that bring every
/// position to zero (<see cref="ExchangeSettlementPlanner"/>) and each exchange's position before and after.
/// <c>reference</c> (required, ≤ 100) names what settles it outside the ledger — the agreement, the bank transfer.
/// Nothing moves until the run is approved and posted.
/// </summary>
public static class SettlementRunsPreview
{
    public sealed record Request(string? Reference);

    public static void Map(IEndpointRouteBuilder group) => group.MapPost(SettlementRuns.Route, Handle)
        .RequireAuthorization(Policies.Admin).WithName("PreviewSettlementRun").WithSummary("Preview the settlement of the exchanges' cross-sector positions");

    public static async Task<IResult> Handle(
        Request? body, ClaimsPrincipal user, LedgerDbContext db, TimeProvider time, IOptions<LedgerOptions> options, ILoggerFactory loggers, CancellationToken ct)
    {
        var errors = new RequestErrors().Text(body?.Reference, "reference", SettlementRun.MaxReferenceLength);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var positions = await ExchangePositions.ReadAsync(db, ct);
        var plan = ExchangePositions.Plan(positions);
        if (plan.Count * 2 > options.Value.Policy.MaxLinkedBatchSize)
        {
            return LedgerProblems.From(new Rejection(RejectionReason.BatchTooLarge,
                $"Settling every position takes {plan.Count} settlements, {plan.Count * 2} transfers: more than a linked batch holds ({options.Value.Policy.MaxLinkedBatchSize})."));
        }

        var run = new SettlementRun
        {
            Id = Guid.CreateVersion7(),
            Reference = body!.Reference!.Trim(),
            Status = RunStatus.Previewed,
            PreviewedBy = user.UserId(),
            PreviewedAt = time.GetUtcNow(),
            TotalSettled = plan.Sum(s => s.Amount),
        };
        run.Transfers = plan.Select((s, i) => new SettlementRunTransfer
        {
            RunId = run.Id, Index = i, FromExchangeId = s.FromExchangeId, ToExchangeId = s.ToExchangeId, Amount = s.Amount,
        }).ToList();
        run.Positions = positions.Select(p => new SettlementRunPosition
        {
            RunId = run.Id,
            ExchangeId = p.ExchangeId,
            PositionBefore = p.Position,
            Change = plan.Where(s => s.ToExchangeId == p.ExchangeId).Sum(s => s.Amount) - plan.Where(s => s.FromExchangeId == p.ExchangeId).Sum(s => s.Amount),
        }).ToList();

        db.SettlementRuns.Add(run);
        await db.SaveChangesAsync(ct);
        loggers.CreateLogger(typeof(SettlementRuns).FullName!).LogInformation(
            "Settlement run {RunId} previewed ({Reference}): {Count} settlements, {Total} in total", run.Id, run.Reference, plan.Count, run.TotalSettled);
        return TypedResults.Created($"/api/ledger{SettlementRuns.Route}/{run.Id}", SettlementRuns.SettlementRunDto.From(run, options.Value.Settlement, details: true));
    }
}
