using System.Text;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Net.Http.Headers;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>GET /api/ledger/export?format=csv|hledger[&amp;exchange=food][&amp;from=&amp;to=]</c> (administrators): the posted
/// journal entries — not holds, which move no balance — in (exchange, sequence) order, streamed from one consistent
/// snapshot, as RFC 4180 CSV or as an hledger journal that ledger-cli reads too (formats in
/// <see cref="ExportFormats"/>). <c>from</c> (inclusive) and <c>to</c> (exclusive) filter on the posting time, as the
/// statement does; the whole journal's account totals equal the ledger's balances, a filtered one's are the
/// movements of the period.
/// </summary>
public static class ExportLedger
{
    public const string Csv = "csv";
    public const string Hledger = "hledger";

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/export", Handle).RequireAuthorization(Policies.Admin).WithName("ExportLedger")
            .WithSummary("Export the posted journal as CSV or as an hledger / ledger-cli journal")
            .Produces<string>(StatusCodes.Status200OK, "text/csv", "text/plain")
            .ProducesValidationProblem();

    public static async Task<IResult> Handle(
        LedgerDbContext db, TimeProvider time, CancellationToken ct,
        string? format = null, string? exchange = null, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var kind = format?.Trim().ToLowerInvariant();
        var errors = new RequestErrors()
            .Require(kind is Csv or Hledger, "format", "format must be csv or hledger.")
            .Require(from is null || to is null || from < to, "from", "from must be before to.");
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var snapshot = await VerifyLedger.ReadSnapshotAsync(db, ct); // deferred on SQLite: never holds the writer's lock
        try
        {
            var exchanges = await db.Exchanges.AsNoTracking().ToDictionaryAsync(x => x.Id, StringComparer.Ordinal, ct);
            if (exchange is not null && !exchanges.ContainsKey(exchange))
            {
                await snapshot.DisposeAsync();
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["exchange"] = [$"exchange must be one of {string.Join(", ", exchanges.Keys.Order(StringComparer.Ordinal))}."],
                });
            }

            var accounts = kind == Hledger ? await db.Accounts.AsNoTracking().ToListAsync(ct) : [];
            return new Export(db, snapshot, kind!, exchange, from, to, time.GetUtcNow(), exchanges, accounts);
        }
        catch
        {
            await snapshot.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes the export to the response as the entries are read; ends the snapshot when done.</summary>
    private sealed class Export(
        LedgerDbContext db, IDbContextTransaction snapshot, string format, string? exchange, DateTimeOffset? from,
        DateTimeOffset? to, DateTimeOffset now, Dictionary<string, Exchange> exchanges, List<Account> accounts) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            await using var _ = snapshot;
            var ct = httpContext.RequestAborted;
            var csv = format == Csv;
            var response = httpContext.Response;
            response.ContentType = csv ? "text/csv; charset=utf-8; header=present" : "text/plain; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            var scope = exchange is null ? "all" : ExportFormats.Segment(exchange);
            response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
            {
                FileName = $"solidarity-ledger-{scope}-{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.{(csv ? "csv" : "journal")}",
            }.ToString();

            var entries = db.Journal.AsNoTracking();
            if (exchange is not null)
            {
                entries = entries.Where(e => e.ExchangeId == exchange);
            }

            if (from is { } f)
            {
                entries = entries.Where(e => e.PostedAt >= f);
            }

            if (to is { } t)
            {
                entries = entries.Where(e => e.PostedAt < t);
            }

            await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
            Dictionary<Guid, string> names = [];
            Dictionary<string, string> commodities = [];
            if (csv)
            {
                await writer.WriteAsync(ExportFormats.CsvHeader.AsMemory(), ct);
            }
            else
            {
                names = accounts.ToDictionary(a => a.Id, a => ExportFormats.AccountName(a, exchanges.GetValueOrDefault(a.ExchangeId)));
                commodities = exchanges.Values.ToDictionary(x => x.Id, x => ExportFormats.Commodity(x.Unit), StringComparer.Ordinal);
                IEnumerable<Exchange> shown = exchange is null ? exchanges.Values : [exchanges[exchange]];
                await writer.WriteAsync(ExportFormats.JournalPreamble(
                    now, exchange, from, to,
                    shown.Select(x => commodities[x.Id]),
                    accounts.Where(a => exchange is null || a.ExchangeId == exchange).Select(a => (names[a.Id], a.Name))).AsMemory(), ct);
            }

            await foreach (var e in entries.OrderBy(e => e.ExchangeId).ThenBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
            {
                var text = csv
                    ? ExportFormats.CsvRow(e)
                    : ExportFormats.JournalTransaction(
                        e,
                        names.GetValueOrDefault(e.DebitAccountId) ?? ExportFormats.UnknownAccountName(e.ExchangeId, e.DebitAccountId),
                        names.GetValueOrDefault(e.CreditAccountId) ?? ExportFormats.UnknownAccountName(e.ExchangeId, e.CreditAccountId),
                        commodities.GetValueOrDefault(e.ExchangeId) ?? ExportFormats.CreditsCommodity);
                await writer.WriteAsync(text.AsMemory(), ct);
            }

            await writer.FlushAsync(ct);
        }
    }
}
