using System.Security.Claims;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>GET /api/ledger/payment-requests?role=payer|payee&amp;status=open,accepted&amp;accountId=&amp;page=&amp;pageSize=</c>:
/// the requests where the caller holds the payer account (<c>role=payer</c>: bills to pay), the payee account
/// (<c>role=payee</c>: bills sent) or either (no role). Administrators see every request when they give no role.
/// <c>status</c> takes one or more statuses, comma-separated; <c>accountId</c> narrows to one account on the role's
/// side (either side without a role). Ordered by due date, then creation; paged.
/// </summary>
public static class PaymentRequestsList
{
    public const int MaxPageSize = 200;

    public sealed record Page(int PageNumber, int PageSize, int Total, IReadOnlyList<PaymentRequests.PaymentRequestDto> Items);

    public static void Map(IEndpointRouteBuilder group) => group.MapGet(PaymentRequests.Route, Handle).WithName("ListPaymentRequests");

    public static async Task<IResult> Handle(
        ClaimsPrincipal user, LedgerDbContext db, CancellationToken ct,
        string? role = null, string? status = null, Guid? accountId = null, int page = 1, int pageSize = 50)
    {
        var roleName = role?.Trim().ToLowerInvariant();
        PaymentRequests.Side? side = roleName switch
        {
            "payer" => PaymentRequests.Side.Payer,
            "payee" => PaymentRequests.Side.Payee,
            _ => null,
        };
        var statuses = ParseStatuses(status);
        var errors = new RequestErrors()
            .Require(string.IsNullOrEmpty(roleName) || side is not null, "role", "role must be payer or payee.")
            .Require(statuses is not null, "status", $"status must be one or more of {string.Join(", ", Enum.GetNames<PaymentRequestStatus>().Select(n => n.ToLowerInvariant()))}, comma-separated.")
            .Require(page >= 1, "page", "page must be 1 or more.")
            .Require(pageSize is >= 1 and <= MaxPageSize, "pageSize", $"pageSize must be between 1 and {MaxPageSize}.");
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var query = db.PaymentRequests.AsNoTracking();
        if (side is not null || !user.IsAdmin())
        {
            var userId = user.UserId();
            var held = await db.Accounts.AsNoTracking().Where(a => a.Holders.Any(h => h.UserId == userId)).Select(a => a.Id).ToListAsync(ct);
            query = side switch
            {
                PaymentRequests.Side.Payer => query.Where(r => held.Contains(r.PayerAccountId)),
                PaymentRequests.Side.Payee => query.Where(r => held.Contains(r.PayeeAccountId)),
                _ => query.Where(r => held.Contains(r.PayerAccountId) || held.Contains(r.PayeeAccountId)),
            };
        }

        if (accountId is { } account)
        {
            query = side switch
            {
                PaymentRequests.Side.Payer => query.Where(r => r.PayerAccountId == account),
                PaymentRequests.Side.Payee => query.Where(r => r.PayeeAccountId == account),
                _ => query.Where(r => r.PayerAccountId == account || r.PayeeAccountId == account),
            };
        }

        if (statuses is { Count: > 0 })
        {
            query = query.Where(r => statuses.Contains(r.Status));
        }

        var total = await query.CountAsync(ct);
        // In long: (page - 1) * pageSize overflows int for a large page (a negative OFFSET: 500 on PostgreSQL).
        var skip = (page - 1L) * pageSize;
        var rows = skip > int.MaxValue ? [] : await query.OrderBy(r => r.DueDate).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .Skip((int)skip).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new Page(page, pageSize, total, rows.Select(PaymentRequests.PaymentRequestDto.From).ToList()));
    }

    /// <summary>The statuses asked for (empty: all), or null when one of them is not a status.</summary>
    private static List<PaymentRequestStatus>? ParseStatuses(string? status)
    {
        var result = new List<PaymentRequestStatus>();
        foreach (var name in (status ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!EnumNames.TryParse<PaymentRequestStatus>(name, out var parsed))
            {
                return null;
            }

            result.Add(parsed);
        }

        return result;
    }
}
