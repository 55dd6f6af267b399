using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// One account: balance, pending debits and credits, available to spend, limits, state. Holders and administrators
/// only; anyone else gets 404, as if it did not exist, and the refusal is logged.
/// </summary>
public static class GetAccount
{
    public static void Map(IEndpointRouteBuilder group) => group.MapGet("/accounts/{id:guid}", Handle).WithName("GetAccount");

    public static async Task<Results<Ok<AccountDto>, NotFound>> Handle(Guid id, ClaimsPrincipal user, LedgerDbContext db, ILogger<AccountDto> logger, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().Include(a => a.Holders).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null)
        {
            return TypedResults.NotFound();
        }

        if (!user.IsAdmin() && !account.Holders.Any(h => h.UserId == user.UserId()))
        {
            logger.LogWarning("User {UserId} was refused account {AccountId}", user.UserId(), id);
            return TypedResults.NotFound();
        }

        return TypedResults.Ok((await AccountDto.WithStatusChangesAsync(db, [account], ct))[0]);
    }
}
