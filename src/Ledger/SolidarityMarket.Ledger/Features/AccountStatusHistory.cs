using System.Security.Claims;
using SolidarityMarket.Ledger.Data;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>GET /api/ledger/accounts/{id}/status-changes</c>: every freeze, unfreeze and close of the account, oldest
/// first — who, when, why, from what to what. For the account's holders (a member may see why their account was
/// frozen) and administrators; anyone else, and an unknown account, gets 404. The latest change is also part of
/// the account itself (<see cref="AccountDto.LastStatusChange"/>).
/// </summary>
public static class AccountStatusHistory
{
    public sealed record AccountStatusChangeDto(string PreviousStatus, string Status, string ChangedBy, DateTimeOffset ChangedAt, string Reason)
    {
        public static AccountStatusChangeDto From(AccountStatusChange c) =>
            new(c.PreviousStatus.ToString(), c.Status.ToString(), c.ChangedBy, c.ChangedAt, c.Reason);
    }

    public static void Map(IEndpointRouteBuilder group) => group.MapGet("/accounts/{id:guid}/status-changes", Handle).WithName("AccountStatusHistory");

    public static async Task<IResult> Handle(Guid id, ClaimsPrincipal user, LedgerDbContext db, LedgerAccess access, CancellationToken ct)
    {
        // HoldsAsync is true for administrators, and logs a member's refusal; neither learns more than "not found".
        if (!await access.HoldsAsync(user, id, ct) || !await db.Accounts.AsNoTracking().AnyAsync(a => a.Id == id, ct))
        {
            return LedgerProblems.NotFound($"Account {id}");
        }

        var changes = await db.AccountStatusChanges.AsNoTracking().Where(c => c.AccountId == id).OrderBy(c => c.AccountVersion).ToListAsync(ct);
        return TypedResults.Ok(changes.Select(AccountStatusChangeDto.From).ToList());
    }

    /// <summary>The latest state change of each of the accounts that has one (one query, whatever their number).</summary>
    public static async Task<Dictionary<Guid, AccountStatusChangeDto>> LatestAsync(LedgerDbContext db, IReadOnlyCollection<Guid> accountIds, CancellationToken ct)
    {
        if (accountIds.Count == 0)
        {
            return [];
        }

        var ids = accountIds.ToList();
        var latest = await db.AccountStatusChanges.AsNoTracking()
            .Where(c => ids.Contains(c.AccountId)
                && c.AccountVersion == db.AccountStatusChanges.Where(o => o.AccountId == c.AccountId).Max(o => o.AccountVersion))
            .ToListAsync(ct);
        return latest.ToDictionary(c => c.AccountId, AccountStatusChangeDto.From);
    }
}
