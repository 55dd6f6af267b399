using System.Security.Claims;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// The accounts the caller holds; administrators see all, optionally of one owner (<c>?ownerId=</c>), or with
/// <c>?held=true</c> only the ones they hold themselves, as a member does (the UI's "my accounts", where an
/// administrator must not be offered other members' accounts to pay from). A member asking for another owner's
/// accounts simply sees none of them.
/// </summary>
public static class ListAccounts
{
    public static void Map(IEndpointRouteBuilder group) => group.MapGet("/accounts", Handle).WithName("ListAccounts");

    public static async Task<Ok<List<AccountDto>>> Handle(ClaimsPrincipal user, LedgerDbContext db, CancellationToken ct, Guid? ownerId = null, bool held = false)
    {
        var query = db.Accounts.AsNoTracking();
        if (held || !user.IsAdmin())
        {
            var userId = user.UserId();
            query = query.Where(a => a.Holders.Any(h => h.UserId == userId));
        }

        if (ownerId is { } owner)
        {
            query = query.Where(a => a.OwnerId == owner);
        }

        var accounts = await query.OrderBy(a => a.ExchangeId).ThenBy(a => a.Name).Take(500).ToListAsync(ct);
        return TypedResults.Ok(await AccountDto.WithStatusChangesAsync(db, accounts, ct));
    }
}
