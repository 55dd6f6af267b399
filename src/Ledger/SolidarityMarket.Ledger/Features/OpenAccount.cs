using System.Security.Claims;
using Microsoft.Extensions.Options;
using SolidarityMarket.Contracts.Ledger;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/accounts</c>: a member opens their own account in an exchange — debit limit 0 and the
/// Individual category's credit limit, so it can be paid and spend what it received but not go below zero until an
/// administrator grants a debit limit through <see cref="ChangeAccount"/> (audited): anyone may register, so a
/// default debit limit here would be debt nobody approved, as for self-registered vendors. An administrator opens
/// one for any owner, category and holders, with that category's limits. One member account per owner and
/// exchange: asking again returns the existing account (200). Co-ops get theirs from Catalog's registration event.
/// </summary>
public static class OpenAccount
{
    public sealed record Request(string? ExchangeId, string? Name, Guid? OwnerId, string? Category, List<string>? HolderUserIds);

    /// <summary>As many as a vendor's staff may be (Catalog's limit): a co-op's team, with room.</summary>
    public const int MaxHolders = 100;

    public static void Map(IEndpointRouteBuilder group) => group.MapPost("/accounts", Handle).WithName("OpenAccount");

    public static async Task<IResult> Handle(Request request, ClaimsPrincipal user, LedgerDbContext db, IOptions<LedgerOptions> options, TimeProvider time, CancellationToken ct)
    {
        var exchanges = await db.Exchanges.AsNoTracking().Select(x => x.Id).ToListAsync(ct);
        var errors = new RequestErrors()
            .Require(request.ExchangeId is not null && exchanges.Contains(request.ExchangeId), "exchangeId", $"exchangeId must be one of {string.Join(", ", exchanges)}.")
            .Text(request.Name, "name", 200, required: false)
            .Require(request.HolderUserIds is null || request.HolderUserIds.All(IsUserId), "holderUserIds",
                $"holderUserIds must be user ids: non-empty storable text of at most {AccountHolder.MaxUserIdLength} characters.")
            .Require(request.HolderUserIds is null || request.HolderUserIds.Count <= MaxHolders, "holderUserIds", $"holderUserIds may name at most {MaxHolders} users.")
            .Require(request.Category is null || options.Value.DefaultLimits.ContainsKey(request.Category), "category", $"category must be one of {string.Join(", ", options.Value.DefaultLimits.Keys)}.");
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var onBehalf = request.OwnerId is not null || request.Category is not null || request.HolderUserIds is { Count: > 0 };
        if (onBehalf && !user.IsAdmin())
        {
            return LedgerProblems.Forbidden("Only administrators open accounts for other owners or categories.");
        }

        if (user.IsAdmin() && request.OwnerId is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ownerId"] = ["ownerId is required when an administrator opens an account."] });
        }

        var owner = request.OwnerId ?? OwnerOf(user.UserId());
        var existing = await FindAsync(db, owner, request.ExchangeId!, ct);
        if (existing is not null)
        {
            return TypedResults.Ok(AccountDto.From(existing));
        }

        var now = time.GetUtcNow();
        var limits = options.Value.LimitsFor(request.Category ?? "Individual");
        // Only an administrator's account gets room below zero; a member's own account waits for one to grant it.
        var debitLimit = onBehalf ? limits.DebitLimit : 0;
        List<string> holders = request.HolderUserIds is { Count: > 0 } named ? named : [user.UserId()];
        var name = request.Name?.Trim() is { Length: > 0 } given ? given : user.Identity?.Name ?? "Member";
        var account = MemberAccounts.Open(db, owner, request.ExchangeId!, name, debitLimit, limits.CreditLimit, holders, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // the same owner opened it concurrently: return that one
            var raced = await FindAsync(db, owner, request.ExchangeId!, ct);
            return raced is not null ? TypedResults.Ok(AccountDto.From(raced)) : throw new InvalidOperationException("Account insert failed and no account exists.");
        }

        return TypedResults.Created($"/api/ledger/accounts/{account.Id}", AccountDto.From(account));
    }

    // The holders' column is 64 characters; a longer or unstorable id would fail the insert (a 500), not be refused.
    private static bool IsUserId(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= AccountHolder.MaxUserIdLength && StorableText.IsStorable(id);

    /// <summary>An individual member owns their accounts; Identity's user ids are GUID strings.</summary>
    public static Guid OwnerOf(string userId) =>
        Guid.TryParse(userId, out var id) ? id : DeterministicId.Derive(Guid.Empty, "user:" + userId);

    private static Task<Account?> FindAsync(LedgerDbContext db, Guid owner, string exchange, CancellationToken ct) =>
        db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.OwnerId == owner && a.ExchangeId == exchange && a.Kind == AccountKind.Member, ct);
}
