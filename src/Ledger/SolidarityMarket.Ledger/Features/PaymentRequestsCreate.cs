using System.Security.Claims;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Posting;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/payment-requests</c>: a holder of the payee account asks the payer account for an amount,
/// with a memo and a due date. The client's id makes it idempotent: the same id with the same fields answers 200
/// with the stored request (whatever its status now), with other fields 409. The payment it asks for is planned
/// as a trade right away, so a request that could never be paid (unknown account, same account, unknown exchange) is
/// refused now with the ledger's reason, and nothing is stored; so is one against a frozen or closed account
/// (422 <c>account-frozen</c>, <c>account-closed</c>), which can neither pay nor be paid.
/// </summary>
public static class PaymentRequestsCreate
{
    public sealed record Request(Guid? Id, Guid? PayeeAccountId, Guid? PayerAccountId, long? Amount, string? Memo, DateOnly? DueDate);

    public static void Map(IEndpointRouteBuilder group) => group.MapPost(PaymentRequests.Route, Handle).WithName("CreatePaymentRequest")
        .WithSummary("Ask another account for a payment (an invoice)");

    public static async Task<IResult> Handle(
        Request request, ClaimsPrincipal user, LedgerDbContext db, LedgerAccess access, LedgerDirectory directory, TimeProvider time, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var id = request.Id!.Value;
        var payee = request.PayeeAccountId!.Value;
        var payer = request.PayerAccountId!.Value;
        var amount = request.Amount!.Value;
        var memo = request.Memo ?? "";
        var dueDate = request.DueDate!.Value;
        if (!await access.HoldsAsync(user, payee, ct))
        {
            return LedgerProblems.NotFound($"Account {payee}");
        }

        // A retry is answered before the time-dependent check: yesterday's request repeated today is still a replay.
        if (await db.PaymentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } existing)
        {
            return Replay(existing, payee, payer, amount, memo, dueDate);
        }

        var now = time.GetUtcNow();
        if (dueDate < EarliestDueDate(now))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["dueDate"] = ["dueDate may not be in the past."] });
        }

        // The same plan the payment will use; this checks both accounts exist and their exchanges trade.
        var planned = await TradePlanning.PlanAsync(db, directory, new TradeIntentInput(PaymentRequest.PaymentTradeIdFor(id), payer, payee, amount, memo, null, null), ct);
        if (planned.Rejection is { } refused)
        {
            return LedgerProblems.From(refused);
        }

        // Checked and stored under the exchange locks the ledger writer takes to close an account (it reads the
        // account's open requests under them): a request is never created against an account closed meanwhile, and a
        // close never misses a request created meanwhile.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var exchanges = await directory.ExchangesOfAsync(db, [payer, payee], ct);
        await ExchangeLocks.LockAsync(db, exchanges.Values, ct);
        if (await PaymentRequests.RefuseInactiveAsync(db, payer, payee, ct) is { } inactive)
        {
            return inactive;
        }

        var created = new PaymentRequest
        {
            Id = id,
            PayeeAccountId = payee,
            PayerAccountId = payer,
            Amount = amount,
            Memo = memo,
            DueDate = dueDate,
            Status = PaymentRequestStatus.Open,
            CreatedBy = user.UserId(),
            CreatedAt = now,
            Version = 1,
        };
        db.PaymentRequests.Add(created);
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same id was created concurrently: answer as a retry of that one (outside the failed transaction).
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var raced = await db.PaymentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
            return raced is not null ? Replay(raced, payee, payer, amount, memo, dueDate) : throw new InvalidOperationException($"Payment request {id} was neither inserted nor found.");
        }

        return TypedResults.Created($"/api/ledger{PaymentRequests.Route}/{id}", PaymentRequests.PaymentRequestDto.From(created));
    }

    /// <summary>
    /// A due date is in the past once that day is over everywhere on Earth (UTC−12, "anywhere on Earth"), so a
    /// member whose evening is already tomorrow in UTC can still name today.
    /// </summary>
    public static DateOnly EarliestDueDate(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(-12)).DateTime);

    private static IResult Replay(PaymentRequest existing, Guid payee, Guid payer, long amount, string memo, DateOnly dueDate) =>
        existing.SameAsked(payee, payer, amount, memo, dueDate)
            ? PaymentRequests.Ok(existing)
            : LedgerProblems.From(new Rejection(RejectionReason.IdAlreadyUsedWithDifferentFields,
                $"Payment request {existing.Id} already exists with different fields; use a new id for a new request."));

    private static RequestErrors Validate(Request r) => new RequestErrors()
        .Require(r.Id is { } id && id != Guid.Empty, "id", "id is required: the client's id makes the request idempotent.")
        .Require(r.PayeeAccountId is { } payee && payee != Guid.Empty, "payeeAccountId", "payeeAccountId is required: the account to be paid, which you hold.")
        .Require(r.PayerAccountId is { } payer && payer != Guid.Empty, "payerAccountId", "payerAccountId is required: the account asked to pay.")
        .Require(r.PayerAccountId is null || r.PayerAccountId != r.PayeeAccountId, "payerAccountId", "payerAccountId must differ from payeeAccountId.")
        .Require(r.Amount is > 0, "amount", "amount must be a positive whole number of hundredths.")
        .Require((r.Memo?.Length ?? 0) <= PaymentRequest.MaxMemoLength, "memo", $"memo must be at most {PaymentRequest.MaxMemoLength} characters.")
        .Require(StorableText.IsStorable(r.Memo), "memo", "memo contains a control character (such as NUL) or a broken character that cannot be stored.")
        .Require(r.DueDate is not null, "dueDate", "dueDate is required (yyyy-MM-dd).");
}
