using System.Security.Claims;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Posting;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/transfers/{id}/post</c> (the payer, full or a smaller <c>amount</c>) and
/// <c>POST /api/ledger/transfers/{id}/void</c> (payer or payee). A held trade settles all its legs at once. The
/// settling transfer's id is derived from the hold's, so repeating the call is a replay, never a second post.
/// A hold Ordering placed for an order (HoldCredits) is refused here (403) except to administrators: the order
/// settles it through Ordering's PostHold/VoidHold.
/// </summary>
public static class SettleHold
{
    public sealed record PostRequest(long? Amount);

    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapPost("/transfers/{id:guid}/post", Post).WithName("PostHold");
        group.MapPost("/transfers/{id:guid}/void", Void).WithName("VoidHold");
    }

    public static Task<IResult> Post(Guid id, PostRequest? body, ClaimsPrincipal user, LedgerDbContext db, LedgerAccess access, LedgerWriter writer, CancellationToken ct)
    {
        if (body?.Amount is <= 0)
        {
            return Task.FromResult<IResult>(TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["amount"] = ["amount, when given, must be positive."] }));
        }

        return SettleAsync(id, payerOnly: true, user, db, access, writer,
            plan => TradePlanner.PlanPost(plan, body?.Amount ?? 0),
            hold => [TransferRequest.PostHold(DeterministicId.Derive(hold, "post"), hold, body?.Amount ?? 0)], ct);
    }

    public static Task<IResult> Void(Guid id, ClaimsPrincipal user, LedgerDbContext db, LedgerAccess access, LedgerWriter writer, CancellationToken ct) =>
        SettleAsync(id, payerOnly: false, user, db, access, writer,
            TradePlanner.PlanVoid,
            hold => [TransferRequest.VoidHold(DeterministicId.Derive(hold, "void"), hold)], ct);

    private static async Task<IResult> SettleAsync(
        Guid id, bool payerOnly, ClaimsPrincipal user, LedgerDbContext db, LedgerAccess access, LedgerWriter writer,
        Func<TradePlan, IReadOnlyList<TransferRequest>> settleTrade, Func<Guid, IReadOnlyList<TransferRequest>> settleHold, CancellationToken ct)
    {
        var hold = await db.Transfers.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (hold is null)
        {
            return LedgerProblems.NotFound($"Transfer {id}");
        }

        // A held trade is settled as a whole, so its parties are the trade's payer and payee, not the two sides of
        // the one leg named (across sectors each leg has a clearing account on one side).
        var trade = hold.TradeId is { } tradeId ? await HeldTrades.LoadAsync(db, tradeId, TransferKind.Pending, ct) : null;
        var (payer, payee) = trade is not null ? HeldTrades.Parties(trade) : (hold.DebitAccountId, hold.CreditAccountId);
        if (!await access.HoldsAnyAsync(user, payerOnly ? [payer] : [payer, payee], ct))
        {
            return LedgerProblems.NotFound($"Transfer {id}");
        }

        if (hold.PlacedByOrdering && !user.IsAdmin())
        {
            // The order's payment: Ordering settles it (PostHold when the order completes, VoidHold when it is
            // cancelled). Voided or part-posted here, the order would stay paid and its later post would fail.
            return LedgerProblems.Forbidden($"Hold {id} is an order's payment: it is posted or voided through the order, not here.");
        }

        var requests = trade is not null ? settleTrade(trade) : settleHold(id);
        var result = await writer.SubmitAsync(new TransferWork(LedgerCommand.SubmitLinked(requests)) { SettlesTradeId = trade?.TradeId }, ct);
        if (result.Rejection is { } rejection)
        {
            return LedgerProblems.From(rejection);
        }

        var body = new TransferResultDto(result.IsReplay, result.Transfers.Select(t => TransferDto.From(t, trade?.TradeId)).ToList());
        return result.IsReplay ? TypedResults.Ok(body) : TypedResults.Created($"/api/ledger/transfers/{body.Transfers[0].Id}", body);
    }
}
