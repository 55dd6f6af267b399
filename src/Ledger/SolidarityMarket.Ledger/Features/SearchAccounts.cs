using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>GET /api/ledger/accounts/search?q=&amp;exchangeId=&amp;kind=&amp;status=&amp;ownerId=&amp;holderUserId=&amp;page=&amp;pageSize=</c>
/// (administrators): every account of the ledger, narrowed and paged, ordered by exchange, name and id so that pages
/// neither skip nor repeat an account. <c>q</c> is a piece of the account's name (any case), or an account's or
/// owner's number. <c>GET /accounts</c> stays the caller's own list (capped, unpaged); a network has more accounts
/// than one answer should carry, so the administrators' list is this one.
/// </summary>
public static class SearchAccounts
{
    public const int MaxPageSize = 200;
    public const int MaxQueryLength = 200;

    public sealed record Page(int PageNumber, int PageSize, int Total, IReadOnlyList<AccountDto> Items);

    public sealed record Filter(string? Q, string? ExchangeId, string? Kind, string? Status, Guid? OwnerId, string? HolderUserId);

    public static void Map(IEndpointRouteBuilder group) => group.MapGet("/accounts/search", Handle)
        .RequireAuthorization(Policies.Admin).WithName("SearchAccounts");

    public static async Task<IResult> Handle(
        LedgerDbContext db, CancellationToken ct, string? q = null, string? exchangeId = null, string? kind = null, string? status = null,
        Guid? ownerId = null, string? holderUserId = null, int page = 1, int pageSize = 50)
    {
        var text = q?.Trim() ?? "";
        var errors = new RequestErrors()
            .Text(q, "q", MaxQueryLength, required: false)
            .Text(exchangeId, "exchangeId", 64, required: false)
            .Text(holderUserId, "holderUserId", AccountHolder.MaxUserIdLength, required: false)
            .Require(kind is null || EnumNames.TryParse<AccountKind>(kind, out _), "kind", $"kind must be one of {string.Join(", ", Enum.GetNames<AccountKind>())}.")
            .Require(status is null || EnumNames.TryParse<AccountStatus>(status, out _), "status", $"status must be one of {string.Join(", ", Enum.GetNames<AccountStatus>())}.")
            .Require(page is >= 1 and <= 1_000_000, "page", "page must be between 1 and 1,000,000.")
            .Require(pageSize is >= 1 and <= MaxPageSize, "pageSize", $"pageSize must be between 1 and {MaxPageSize}.");
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var query = Narrow(db.Accounts.AsNoTracking(), new Filter(text, exchangeId?.Trim(), kind, status, ownerId, holderUserId?.Trim()));
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(a => a.ExchangeId).ThenBy(a => a.Name).ThenBy(a => a.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new Page(page, pageSize, total, await AccountDto.WithStatusChangesAsync(db, rows, ct)));
    }

    private static IQueryable<Account> Narrow(IQueryable<Account> query, Filter filter)
    {
        if (filter.Q is { Length: > 0 } text)
        {
            if (Guid.TryParse(text, out var number))
            {
                query = query.Where(a => a.Id == number || a.OwnerId == number);
            }
            else
            {
                // Lower-cased on both sides, which every provider translates (CA1862's Contains with a StringComparison
                // is not). SQLite's lower() folds ASCII letters only, so "école" finds "École" on PostgreSQL but not
                // there; the name as typed (exact case) is always found. An admin list: no index is wanted for it.
                var lowered = text.ToLowerInvariant();
#pragma warning disable CA1862
                query = query.Where(a => a.Name.Contains(text) || a.Name.ToLower().Contains(lowered));
#pragma warning restore CA1862
            }
        }

        if (filter.ExchangeId is { Length: > 0 } exchange)
        {
            query = query.Where(a => a.ExchangeId == exchange);
        }

        if (EnumNames.TryParse<AccountKind>(filter.Kind, out var kind))
        {
            query = query.Where(a => a.Kind == kind);
        }

        if (EnumNames.TryParse<AccountStatus>(filter.Status, out var status))
        {
            query = query.Where(a => a.Status == status);
        }

        if (filter.OwnerId is { } owner)
        {
            query = query.Where(a => a.OwnerId == owner);
        }

        if (filter.HolderUserId is { Length: > 0 } holder)
        {
            query = query.Where(a => a.Holders.Any(h => h.UserId == holder));
        }

        return query;
    }
}
