using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// What the payment-request use cases share: the representation, who may see and act on a request, and the
/// optimistic-concurrency loop every status change goes through. A request is visible to holders of either
/// account and to administrators (everyone else gets 404); the payer's side accepts, pays and declines, the payee's
/// side cancels (the wrong side gets 403). Administrators count as holders of every account, as for transfers.
/// </summary>
public static class PaymentRequests
{
    public const string Route = "/payment-requests";

    /// <summary>How often a status change is re-read and re-decided after losing a race on the row.</summary>
    public const int MaxAttempts = 8;

    /// <summary>
    /// A request as clients see it. Amounts are credit hundredths; <c>transferId</c> is the paying trade;
    /// <c>clearedAmount</c> what clearing runs set off; <c>outstanding</c> what is still to pay (0 once final).
    /// </summary>
    public sealed record PaymentRequestDto(
        Guid Id, Guid PayeeAccountId, Guid PayerAccountId, long Amount, string Memo, DateOnly DueDate, string Status,
        DateTimeOffset CreatedAt, DateTimeOffset? AcceptedAt, DateTimeOffset? PaidAt, Guid? TransferId,
        DateTimeOffset? ClosedAt, string? CloseReason, bool PaymentInProgress, long ClearedAmount, long Outstanding)
    {
        public static PaymentRequestDto From(PaymentRequest r) => new(
            r.Id, r.PayeeAccountId, r.PayerAccountId, r.Amount, r.Memo, r.DueDate, r.Status.ToString(), r.CreatedAt,
            r.AcceptedAt, r.PaidAt, r.Status == PaymentRequestStatus.Paid ? r.TransferId : null, r.ClosedAt, r.CloseReason,
            r.PaymentInProgress, r.ClearedAmount, r.Status is PaymentRequestStatus.Open or PaymentRequestStatus.Accepted ? r.Outstanding : 0);
    }

    /// <summary>Body of decline and cancel.</summary>
    public sealed record ReasonRequest(string? Reason);

    /// <summary>Which side of a request an action needs.</summary>
    public enum Side
    {
        Payer,
        Payee,
    }

    /// <summary>What a status change makes of the request as it currently is.</summary>
    public enum Decision
    {
        /// <summary>Change it (the caller's <c>apply</c> runs).</summary>
        Apply,

        /// <summary>It is already where the action leads: answer 200 with it, change nothing.</summary>
        Replay,

        /// <summary>The action is not allowed from its status: 409.</summary>
        Refuse,
    }

    public static IResult NotFound(Guid id) => LedgerProblems.NotFound($"Payment request {id}");

    public static IResult Ok(PaymentRequest request) => TypedResults.Ok(PaymentRequestDto.From(request));

    public static Task<PaymentRequest?> FindAsync(LedgerDbContext db, Guid id, CancellationToken ct) =>
        db.PaymentRequests.FirstOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>
    /// 404 unless the user holds either account (refusals are logged by <see cref="LedgerAccess"/>); 403 when they
    /// may see it but <paramref name="side"/> is not theirs; <c>null</c> when allowed.
    /// </summary>
    public static async Task<IResult?> AuthorizeAsync(ClaimsPrincipal user, PaymentRequest request, Side? side, LedgerAccess access, CancellationToken ct)
    {
        if (!await access.HoldsAnyAsync(user, [request.PayerAccountId, request.PayeeAccountId], ct))
        {
            return NotFound(request.Id);
        }

        return side switch
        {
            Side.Payer when !await access.HoldsAsync(user, request.PayerAccountId, ct) =>
                LedgerProblems.Forbidden("Only a holder of the payer account accepts, pays or declines a payment request."),
            Side.Payee when !await access.HoldsAsync(user, request.PayeeAccountId, ct) =>
                LedgerProblems.Forbidden("Only a holder of the payee account cancels a payment request."),
            _ => null,
        };
    }

    /// <summary>
    /// A status change under optimistic concurrency: load the request, check who asks, <paramref name="decide"/> on
    /// its current status, <paramref name="apply"/> the change and save with the row's version. Losing a race reloads
    /// and decides again, so two concurrent callers can never both move the same request. A payment left unfinished
    /// for longer than <see cref="PaymentRequestsPayment.StaleAfter"/> is settled from the ledger first. A change it
    /// would apply is refused instead when <paramref name="refuse"/> answers a result (checked on every attempt).
    /// </summary>
    public static async Task<IResult> TransitionAsync(
        Guid id, Side side, string action, ClaimsPrincipal user, LedgerDbContext db, LedgerAccess access, TimeProvider time, ILogger logger,
        Func<PaymentRequest, Decision> decide, Action<PaymentRequest, DateTimeOffset, string> apply, CancellationToken ct,
        Func<PaymentRequest, Task<IResult?>>? refuse = null)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            db.ChangeTracker.Clear();
            var request = await FindAsync(db, id, ct);
            if (request is null)
            {
                return NotFound(id);
            }

            if (attempt == 1)
            {
                if (await AuthorizeAsync(user, request, side, access, ct) is { } refused)
                {
                    return refused;
                }

                if (request.PaymentInProgress && request.PaymentStartedAt <= time.GetUtcNow() - PaymentRequestsPayment.StaleAfter)
                {
                    await PaymentRequestsPayment.SettleStaleAsync(db, id, user.UserId(), time, logger);
                    continue;
                }
            }

            switch (decide(request))
            {
                case Decision.Replay:
                    return Ok(request);
                case Decision.Refuse:
                    return InvalidTransition(request, action);
            }

            if (refuse is not null && await refuse(request) is { } refusal)
            {
                return refusal;
            }

            apply(request, time.GetUtcNow(), user.UserId());
            request.Version++;
            try
            {
                await db.SaveChangesAsync(ct);
                return Ok(request);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Someone changed the request meanwhile: decide again on what it is now.
            }
        }

        return Busy(id);
    }

    /// <summary>
    /// 409 for an action its current status does not allow, typed by that status
    /// (<c>.../problems/payment-request-already-paid</c>, <c>...-payment-in-progress</c>, ...).
    /// </summary>
    public static IResult InvalidTransition(PaymentRequest request, string action)
    {
        var reason = request.PaymentInProgress ? "PaymentRequestPaymentInProgress" : request.Status switch
        {
            PaymentRequestStatus.Open => "PaymentRequestNotAccepted",
            PaymentRequestStatus.Accepted => "PaymentRequestAlreadyAccepted",
            PaymentRequestStatus.Paid => "PaymentRequestAlreadyPaid",
            PaymentRequestStatus.Declined => "PaymentRequestAlreadyDeclined",
            PaymentRequestStatus.Cleared => "PaymentRequestAlreadyCleared",
            _ => "PaymentRequestAlreadyCancelled",
        };
        var detail = request.PaymentInProgress
            ? $"Payment request {request.Id} is being paid; it cannot be {action}. Repeat the payment to complete it."
            : $"Payment request {request.Id} is {request.Status}; it cannot be {action}."
                + (request.Status == PaymentRequestStatus.Open ? " Accept it first (accept with payNow true accepts and pays at once)." : "");
        return Conflict(reason, detail, request.Status);
    }

    /// <summary>
    /// 422 <c>account-closed</c> or <c>account-frozen</c> when either account cannot take part in a payment now: no
    /// request is created or accepted against it. <c>null</c> when both are active.
    /// </summary>
    public static async Task<IResult?> RefuseInactiveAsync(LedgerDbContext db, Guid payer, Guid payee, CancellationToken ct)
    {
        var inactive = await db.Accounts.AsNoTracking()
            .Where(a => (a.Id == payer || a.Id == payee) && a.Status != AccountStatus.Active)
            .Select(a => new { a.Id, a.Status })
            .ToListAsync(ct);
        if (inactive.Count == 0)
        {
            return null;
        }

        // Closed first: it is final, while a frozen account may be unfrozen.
        var first = inactive.OrderByDescending(a => a.Status == AccountStatus.Closed).First();
        return first.Status == AccountStatus.Closed
            ? LedgerProblems.From(new Rejection(RejectionReason.AccountClosed, $"Account {first.Id} is closed; it can neither pay nor be paid."))
            : LedgerProblems.From(new Rejection(RejectionReason.AccountFrozen, $"Account {first.Id} is frozen; it can neither pay nor be paid until it is unfrozen."));
    }

    public static IResult Busy(Guid id) => Conflict(
        "PaymentRequestBusy", $"Payment request {id} kept changing while this request tried to change it; try again.", null);

    /// <summary>An optional decline or cancel reason: at most 500 characters, storable (RequestErrors.Text).</summary>
    public static RequestErrors ValidateReason(ReasonRequest? body) => new RequestErrors()
        .Text(body?.Reason, "reason", PaymentRequest.MaxReasonLength, required: false);

    public static string? Reason(ReasonRequest? body) => body?.Reason?.Trim() is { Length: > 0 } reason ? reason : null;

    private static IResult Conflict(string reason, string detail, PaymentRequestStatus? status)
    {
        var extensions = new Dictionary<string, object?> { ["reason"] = reason };
        if (status is { } current)
        {
            extensions["requestStatus"] = current.ToString();
        }

        return TypedResults.Problem(
            detail: detail,
            statusCode: StatusCodes.Status409Conflict,
            title: string.Concat(reason.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString())),
            type: ProblemTypes.Named(Kebab(reason)),
            extensions: extensions);
    }

    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
