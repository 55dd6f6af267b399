using System.Security.Claims;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Posting;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// Administrators: <c>PUT /api/ledger/accounts/{id}/limits</c>, and <c>POST .../freeze</c>, <c>.../unfreeze</c>,
/// <c>.../close</c> <c>{"reason"}</c> (closing only at zero with no open holds and no open payment requests). Every one needs a reason and is
/// audited with who, when and why: limits in <c>LimitChanges</c>, states in <c>AccountStatusChanges</c>
/// (<see cref="AccountStatusHistory"/>). Through the writer, so a change never races a transfer on the same account,
/// and its audit row is written in the same transaction as the change.
/// </summary>
public static class ChangeAccount
{
    public sealed record LimitsRequest(long? DebitLimit, long? CreditLimit, string? Reason);

    /// <summary>Body of freeze, unfreeze and close.</summary>
    public sealed record StatusRequest(string? Reason);

    public sealed record LimitChangeDto(long PreviousDebitLimit, long PreviousCreditLimit, long DebitLimit, long CreditLimit, string ChangedBy, DateTimeOffset ChangedAt, string Reason);

    public static void Map(IEndpointRouteBuilder group)
    {
        var admin = group.MapGroup("/accounts/{id:guid}").RequireAuthorization(Policies.Admin);
        admin.MapPut("/limits", ChangeLimits).WithName("ChangeLimits");
        admin.MapGet("/limit-changes", LimitHistory).WithName("LimitHistory");
        admin.MapPost("/freeze", (Guid id, StatusRequest? body, ClaimsPrincipal user, LedgerDbContext db, LedgerWriter writer, CancellationToken ct) =>
            ChangeStatus(id, body, user, db, writer, audit => new AccountWork(id, b => b.Freeze(id), audit), ct)).WithName("FreezeAccount");
        admin.MapPost("/unfreeze", (Guid id, StatusRequest? body, ClaimsPrincipal user, LedgerDbContext db, LedgerWriter writer, CancellationToken ct) =>
            ChangeStatus(id, body, user, db, writer, audit => new AccountWork(id, b => b.Unfreeze(id), audit), ct)).WithName("UnfreezeAccount");
        admin.MapPost("/close", (Guid id, StatusRequest? body, ClaimsPrincipal user, LedgerDbContext db, LedgerWriter writer, CancellationToken ct) =>
            ChangeStatus(id, body, user, db, writer, audit => AccountWork.Close(id, audit), ct)).WithName("CloseAccount");
    }

    /// <summary>Freeze, unfreeze or close, with the reason every state change is recorded with.</summary>
    public static Task<IResult> ChangeStatus(
        Guid id, StatusRequest? body, ClaimsPrincipal user, LedgerDbContext db, LedgerWriter writer, Func<AccountAudit, AccountWork> work, CancellationToken ct)
    {
        // As for limits: the audit row is written in the writer's batch, so unstorable text is refused here.
        var errors = new RequestErrors().Text(body?.Reason, "reason", AccountStatusChange.MaxReasonLength);
        if (errors.Any)
        {
            return Task.FromResult<IResult>(TypedResults.ValidationProblem(errors.ToDictionary()));
        }

        return ApplyAsync(id, db, writer.ChangeAccountAsync(work(new AccountAudit(user.UserId(), body!.Reason!.Trim())), ct), ct);
    }

    public static Task<IResult> ChangeLimits(Guid id, LimitsRequest request, ClaimsPrincipal user, LedgerDbContext db, LedgerWriter writer, CancellationToken ct)
    {
        var errors = new RequestErrors()
            .Require(request.DebitLimit is >= 0, "debitLimit", "debitLimit is required and may not be negative (it is how far below zero the account may go).")
            .Require(request.CreditLimit is >= 0, "creditLimit", "creditLimit is required and may not be negative.")
            // Text also refuses what a database cannot store: the audit row is written in the writer's group-commit
            // batch, where PostgreSQL's refusal of a NUL would fail every transfer committed with it.
            .Text(request.Reason, "reason", 500);
        if (errors.Any)
        {
            return Task.FromResult<IResult>(TypedResults.ValidationProblem(errors.ToDictionary()));
        }

        var audit = new AccountAudit(user.UserId(), request.Reason!.Trim());
        return ApplyAsync(id, db, writer.ChangeAccountAsync(new AccountWork(id, b => b.ChangeLimits(id, request.DebitLimit!.Value, request.CreditLimit!.Value), audit), ct), ct);
    }

    public static async Task<IResult> LimitHistory(Guid id, LedgerDbContext db, CancellationToken ct)
    {
        var changes = await db.LimitChanges.AsNoTracking().Where(c => c.AccountId == id).OrderBy(c => c.ChangedAt).ToListAsync(ct);
        if (changes.Count == 0 && !await db.Accounts.AsNoTracking().AnyAsync(a => a.Id == id, ct))
        {
            return LedgerProblems.NotFound($"Account {id}"); // no history is not the same as no account
        }

        return TypedResults.Ok(changes.Select(c => new LimitChangeDto(c.PreviousDebitLimit, c.PreviousCreditLimit, c.DebitLimit, c.CreditLimit, c.ChangedBy, c.ChangedAt, c.Reason)).ToList());
    }

    private static async Task<IResult> ApplyAsync(Guid id, LedgerDbContext db, Task<AccountResult> applied, CancellationToken ct)
    {
        var result = await applied;
        if (result.Rejection is { } rejection)
        {
            return LedgerProblems.From(rejection);
        }

        var row = await db.Accounts.AsNoTracking().FirstAsync(a => a.Id == id, ct);
        return TypedResults.Ok((await AccountDto.WithStatusChangesAsync(db, [row], ct))[0]);
    }
}
