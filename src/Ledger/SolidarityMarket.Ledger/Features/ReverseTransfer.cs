using System.Security.Claims;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Posting;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/transfers/{id}/reverse</c>: a new opposite transfer linked both ways to the original —
/// administrators always, the payee within the reversal window; never twice, never a hold or a reversal. For a
/// trade, the payer's payment is reversed leg by leg (both clearing legs across sectors); the fee stays with the
/// exchange unless an administrator reverses the fee leg itself.
/// </summary>
public static class ReverseTransfer
{
    public sealed record ReverseRequest(string? Memo);

    public static void Map(IEndpointRouteBuilder group) => group.MapPost("/transfers/{id:guid}/reverse", Handle).WithName("ReverseTransfer");

    public static async Task<IResult> Handle(Guid id, ReverseRequest? body, ClaimsPrincipal user, LedgerDbContext db, LedgerAccess access, LedgerWriter writer, CancellationToken ct)
    {
        var original = await db.Transfers.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (original is null || !await access.HoldsAnyAsync(user, await HeldTrades.PartyAccountsAsync(db, original, ct), ct))
        {
            return LedgerProblems.NotFound($"Transfer {id}");
        }

        if ((body?.Memo?.Length ?? 0) > 500)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["memo"] = ["memo must be at most 500 characters."] });
        }

        // Only a trade's credit-moving legs are reversed together. A hold or a void is submitted as named, so the
        // domain refuses it (CannotReversePending) instead of silently reversing the hold's post.
        var legs = original.TradeId is { } tradeId && original.TradeRole != TradeLegRole.Fee
            && original.Kind is TransferKind.Direct or TransferKind.PostPending
            ? await db.Transfers.AsNoTracking()
                .Where(t => t.TradeId == tradeId && t.TradeRole != TradeLegRole.Fee && t.Kind == original.Kind)
                .ToListAsync(ct)
            : [original];
        legs = [.. legs.OrderBy(l => l.TradeRole)]; // the payer's leg first (roles are stored as text: sort here)

        // The payee of a trade is the payee of its last payee-facing leg; the requester's role is the same for all legs.
        var payeeAccount = legs[^1].CreditAccountId;
        var role = user.IsAdmin() ? RequesterRole.Administrator
            : await access.HoldsAsync(user, payeeAccount, ct) ? RequesterRole.Payee
            : RequesterRole.Other;

        var requests = legs.Select(l => TransferRequest.Reversal(DeterministicId.Derive(l.Id, "reversal"), l.Id, body?.Memo ?? $"Reversal of {l.Id}")).ToList();
        var result = await writer.SubmitAsync(new TransferWork(LedgerCommand.SubmitLinked(requests, role)), ct);
        if (result.Rejection is { } rejection)
        {
            return LedgerProblems.From(rejection);
        }

        var dto = new TransferResultDto(result.IsReplay, result.Transfers.Select(t => TransferDto.From(t)).ToList());
        return result.IsReplay ? TypedResults.Ok(dto) : TypedResults.Created($"/api/ledger/transfers/{dto.Transfers[0].Id}", dto);
    }
}
