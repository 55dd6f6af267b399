using System.Security.Claims;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>GET /api/ledger/accounts/{id}/statement?from=&amp;to=&amp;page=&amp;pageSize=</c>: the account's posted entries in
/// journal order with the running balance after each, paged. The opening balance of a page is the sum of every
/// earlier entry, so pages add up whatever the filter.
/// </summary>
public static class AccountStatement
{
    public const int MaxPageSize = 500;

    public sealed record Line(long Sequence, DateTimeOffset PostedAt, Guid TransferId, string Kind, string Code, Guid CounterpartyAccountId, long Amount, long Balance, string Memo, string? OrderReference);

    public sealed record Statement(Guid AccountId, string ExchangeId, long OpeningBalance, long ClosingBalance, int Page, int PageSize, int Total, IReadOnlyList<Line> Lines);

    public static void Map(IEndpointRouteBuilder group) => group.MapGet("/accounts/{id:guid}/statement", Handle).WithName("AccountStatement");

    public static async Task<IResult> Handle(
        Guid id, ClaimsPrincipal user, LedgerDbContext db, LedgerAccess access, CancellationToken ct,
        DateTimeOffset? from = null, DateTimeOffset? to = null, int page = 1, int pageSize = 100)
    {
        var errors = new RequestErrors()
            .Require(page >= 1, "page", "page must be 1 or more.")
            .Require(pageSize is >= 1 and <= MaxPageSize, "pageSize", $"pageSize must be between 1 and {MaxPageSize}.")
            .Require(from is null || to is null || from < to, "from", "from must be before to.");
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null || !await access.HoldsAsync(user, id, ct))
        {
            return LedgerProblems.NotFound($"Account {id}");
        }

        var entries = db.Journal.AsNoTracking().Where(e => e.ExchangeId == account.ExchangeId && (e.DebitAccountId == id || e.CreditAccountId == id));
        var inRange = entries;
        if (from is { } f)
        {
            inRange = inRange.Where(e => e.PostedAt >= f);
        }

        if (to is { } t)
        {
            inRange = inRange.Where(e => e.PostedAt < t);
        }

        var total = await inRange.CountAsync(ct);
        // In long: (page - 1) * pageSize overflows int for a large page, and a negative OFFSET is an error on
        // PostgreSQL (and the first page on SQLite). Past int.MaxValue rows is past the last page.
        var skip = (page - 1L) * pageSize;
        var rows = skip > int.MaxValue ? [] : await inRange.OrderBy(e => e.Sequence).Skip((int)skip).Take(pageSize).ToListAsync(ct);
        // Opening balance: every entry before the page's first line; for an empty page (a period without entries,
        // or past the last page), every entry before the end of the period — not today's balance.
        var earlier = rows.Count > 0 ? entries.Where(e => e.Sequence < rows[0].Sequence)
            : to is { } end ? entries.Where(e => e.PostedAt < end)
            : entries;
        var opening = await OpeningBalanceAsync(earlier, id, ct);

        var balance = opening;
        var lines = new List<Line>(rows.Count);
        foreach (var e in rows)
        {
            var incoming = e.CreditAccountId == id;
            balance += incoming ? e.Amount : -e.Amount;
            lines.Add(new Line(e.Sequence, e.PostedAt, e.TransferId, e.Kind.ToString(), e.Code.ToString(),
                incoming ? e.DebitAccountId : e.CreditAccountId, incoming ? e.Amount : -e.Amount, balance, e.Memo, e.OrderReference));
        }

        return TypedResults.Ok(new Statement(id, account.ExchangeId, opening, balance, page, pageSize, total, lines));
    }

    /// <summary>
    /// The account's balance after <paramref name="earlier"/>: a real past balance, so it fits a long. Summed as one
    /// signed total in the database; the sums of credits and of debits apart (as before) overflow a 64-bit SUM for a
    /// busy system account long before its balance does, and so can the signed total part-way on SQLite and SQL
    /// Server, in whatever order they add. Then (rare) the amounts are streamed and added up here in 128 bits.
    /// </summary>
    private static async Task<long> OpeningBalanceAsync(IQueryable<JournalEntryRecord> earlier, Guid id, CancellationToken ct)
    {
        try
        {
            return await earlier.SumAsync(e => (long?)(e.CreditAccountId == id ? e.Amount : -e.Amount), ct) ?? 0;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or OverflowException or InvalidCastException)
        {
            Int128 sum = 0;
            await foreach (var e in earlier.Select(e => new { e.CreditAccountId, e.Amount }).AsAsyncEnumerable().WithCancellation(ct))
            {
                sum += e.CreditAccountId == id ? e.Amount : -e.Amount;
            }

            return checked((long)sum);
        }
    }
}
