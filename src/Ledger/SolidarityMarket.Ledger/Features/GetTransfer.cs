using System.Security.Claims;
using SolidarityMarket.Ledger.Data;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>GET /api/ledger/transfers/{id}</c>: for holders of either side and administrators; a leg of a cross-sector trade
/// also for the holders of the trade's other end.
/// </summary>
public static class GetTransfer
{
    public static void Map(IEndpointRouteBuilder group) => group.MapGet("/transfers/{id:guid}", Handle).WithName("GetTransfer");

    public static async Task<IResult> Handle(Guid id, ClaimsPrincipal user, LedgerDbContext db, LedgerAccess access, CancellationToken ct)
    {
        var transfer = await db.Transfers.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (transfer is null || !await access.HoldsAnyAsync(user, await HeldTrades.PartyAccountsAsync(db, transfer, ct), ct))
        {
            return LedgerProblems.NotFound($"Transfer {id}");
        }

        return TypedResults.Ok(TransferDto.From(transfer));
    }
}
