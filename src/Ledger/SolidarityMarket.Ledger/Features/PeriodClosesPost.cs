using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Posting;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/period-closes/{id}/post</c> (administrators): applies an approved close item by item through
/// the ledger writer and records what became of each, then marks it Posted; the answer is the report.
/// <list type="bullet">
/// <item>Items are applied each on its own, not as one batch: a member the levy would take past its floor, or a frozen
/// account, is refused by the ledger with its reason (outcome NotApplied) and the others are applied. Write-offs first,
/// one by one; then levies and demurrage; then limits.</item>
/// <item>Another close of the same month posted, or being posted, first: 409 <c>period-close-exists</c>, nothing applied.</item>
/// <item>A levy or demurrage is a transfer (code Levy) from the member to the operating account; a write-off (code
/// WriteOff) from the reserve account to the member, applied only on the account as previewed (its version; else
/// NotApplied: it changed, so it is not dormant) and followed by freezing the account, with the reason on record. A new
/// debit limit is set (recorded in the limit history with the administrator and the item's reason) only over the limit
/// of the preview, and never below what the account uses by then.</item>
/// <item>The transfers' ids are derived from the exchange, the month, the kind and the account: posting again (after a
/// post stopped part-way) replays what was applied, and another close of the same month cannot charge anyone twice.</item>
/// <item>A post claims the close first (409 <c>period-close-posting</c> to any other post while the claim is young), and
/// once it has applied anything the close can no longer be abandoned.</item>
/// </list>
/// </summary>
public static class PeriodClosesPost
{
    /// <summary>Items sent to the writer together: its group commit applies them in one transaction and fsync.</summary>
    public const int Chunk = 64;

    public static void Map(IEndpointRouteBuilder group) => group.MapPost(PeriodCloses.Route + "/{id:guid}/post", Handle)
        .RequireAuthorization(Policies.Admin).WithName("PostPeriodClose");

    public static async Task<IResult> Handle(
        Guid id, ClaimsPrincipal user, LedgerDbContext db, LedgerWriter writer, TimeProvider time, IOptions<LedgerOptions> options,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var kind = PeriodCloses.Kind(options.Value.PeriodClose, time);
        var logger = loggers.CreateLogger(typeof(PeriodCloses).FullName!);
        var userId = user.UserId();
        for (var attempt = 1; attempt <= PaymentRequests.MaxAttempts; attempt++)
        {
            var (run, answer) = await AdminRuns.LoadForPostAsync(kind, db, id, ct);
            if (run is null)
            {
                return answer!;
            }

            if (PeriodCloses.IsClaimed(run, time))
            {
                return PeriodCloses.BeingPosted(run);
            }

            // Another close of the month posted or being posted first: this one was previewed beside it and is not posted
            // at all (its transfers would mostly find theirs taken, but its other kinds of item and its limits would not).
            if (await PeriodCloses.ClosingOfMonthAsync(db, run.ExchangeId, run.PeriodStart, run.Id, ct) is { } other)
            {
                return PeriodCloses.AlreadyClosed(other);
            }

            AdminRuns.Claim(run, userId, time.GetUtcNow());
            if (!await AdminRuns.TrySaveAsync(db, ct))
            {
                continue;
            }

            // Claim, then look again: two posts of two closes of the month that both passed the look above have both
            // committed their claims by now, so the later of the two looks sees the other's claim (each backs off that
            // sees one; both may, and a post again then goes through). Nothing of this close is applied before this. Not
            // cancellable: a request dropped here would leave the claim standing, blocking every close of the month.
            if (await PeriodCloses.ClosingOfMonthAsync(db, run.ExchangeId, run.PeriodStart, run.Id, CancellationToken.None) is { } rival)
            {
                if (!await PeriodCloses.AnythingAppliedAsync(db, run, CancellationToken.None))
                {
                    AdminRuns.Release(run);
                    await AdminRuns.TrySaveAsync(db, CancellationToken.None);
                }

                return PeriodCloses.AlreadyClosed(rival);
            }

            // From here the items are applied whatever the client does: each chunk's outcomes are saved before the next.
            var exchange = await db.Exchanges.AsNoTracking().FirstAsync(x => x.Id == run.ExchangeId, CancellationToken.None);
            var limitsChanged = await PeriodCloses.LimitsChangedByAsync(db, run, CancellationToken.None);
            var maxMemo = options.Value.Policy.MaxMemoLength;
            Task<(PeriodCloseOutcome, string?)> Apply(PeriodCloseRunItem item) => ApplyAsync(run, item, exchange, writer, userId, maxMemo, limitsChanged);

            // Three phases, in this order: write-offs one after another in account order (which of them the reserve's
            // limit refuses, if any, is then fixed); levies and demurrage, accounts side by side (the writer commits them
            // together) and one account's items in order (which of its two fits above its floor does not depend on
            // timing); limits last (computed on the balance after the levies, which a levy after them could breach).
            var phases = new (Func<PeriodCloseRunItem, bool> Of, bool OneByOne)[]
            {
                (i => i.Kind == PeriodCloseItemKind.WriteOff, true),
                (i => i.Kind is PeriodCloseItemKind.Levy or PeriodCloseItemKind.Demurrage, false),
                (i => i.Kind == PeriodCloseItemKind.DebitLimit, false),
            };
            foreach (var (of, oneByOne) in phases)
            {
                foreach (var chunk in run.Items.Where(i => i.Outcome == PeriodCloseOutcome.Pending && of(i)).OrderBy(i => i.Index).Chunk(Chunk))
                {
                    if (oneByOne)
                    {
                        foreach (var item in chunk)
                        {
                            (item.Outcome, item.OutcomeDetail) = await Apply(item);
                        }
                    }
                    else
                    {
                        await Task.WhenAll(chunk.GroupBy(i => i.AccountId).Select(async items =>
                        {
                            foreach (var item in items)
                            {
                                (item.Outcome, item.OutcomeDetail) = await Apply(item);
                            }
                        }));
                    }

                    AdminRuns.Claim(run, userId, time.GetUtcNow()); // still alive: keeps the claim young
                    if (!await AdminRuns.TrySaveAsync(db, CancellationToken.None))
                    {
                        // Someone took the claim over (ours had expired): they apply the rest; what we applied replays.
                        return PeriodCloses.BeingPosted(run);
                    }
                }
            }

            run.Status = RunStatus.Posted;
            AdminRuns.Release(run);
            run.PostedBy = userId;
            run.PostedAt = time.GetUtcNow();
            if (await AdminRuns.TrySaveAsync(db, CancellationToken.None))
            {
                logger.LogInformation("Period close {RunId} ({ExchangeId} {Month}) posted by {UserId}: {Applied} of {Count} items applied",
                    id, run.ExchangeId, PeriodCloses.MonthOf(run.PeriodStart), userId, run.Items.Count(i => i.Outcome == PeriodCloseOutcome.Applied), run.Items.Count);
                return kind.Ok(run);
            }
        }

        return AdminRuns.Busy(kind, id);
    }

    /// <param name="limitsChanged">The accounts whose limit this close already changed (an earlier post that stopped before recording it).</param>
    private static async Task<(PeriodCloseOutcome, string?)> ApplyAsync(
        PeriodCloseRun run, PeriodCloseRunItem item, Exchange exchange, LedgerWriter writer, string userId, int maxMemo, IReadOnlySet<Guid> limitsChanged)
    {
        var month = PeriodCloses.MonthOf(run.PeriodStart);
        if (item.Kind == PeriodCloseItemKind.DebitLimit)
        {
            if (limitsChanged.Contains(item.AccountId))
            {
                return (PeriodCloseOutcome.Applied, "Applied by an earlier post of this close.");
            }

            var audit = new AccountAudit(userId, Fit($"period close {month} ({run.Id}): {item.Reason}"));
            var limit = await writer.ChangeAccountAsync(new AccountWork(item.AccountId, book => NewDebitLimit(book, item), audit), CancellationToken.None);
            return limit switch
            {
                { Rejection: { } refused } => Outcome(refused),
                { IsReplay: true, Account: { } same } when same.DebitLimit == item.DebitLimitBefore =>
                    (PeriodCloseOutcome.NotApplied, $"Left at {same.DebitLimit}: after this close the account uses all of it, and the ledger allows no lower limit."),
                { Account: { } after } when after.DebitLimit != item.NewDebitLimit =>
                    (PeriodCloseOutcome.Applied, $"Set to {after.DebitLimit}: not below what the account uses after this close."),
                _ => (PeriodCloseOutcome.Applied, null),
            };
        }

        var writeOff = item.Kind == PeriodCloseItemKind.WriteOff;
        var work = new TransferWork(LedgerCommand.Submit(PeriodCloses.Transfer(run, item, exchange, maxMemo)))
        {
            // A write-off only on the account as it was at the preview: any entry, hold or change since means it is
            // not dormant (its balance alone would miss a hold placed since, or payments that cancel out).
            ExpectedVersions = writeOff ? new Dictionary<Guid, long> { [item.AccountId] = item.AccountVersionBefore } : null,

            // Written off to zero and frozen in the same transaction: the account may not run up a new debt until an
            // administrator looks at it again, not even in the instant after the write-off.
            FreezeCreditAccount = writeOff
                ? new AccountAudit(userId, Fit($"period close {month} ({run.Id}): negative balance written off to the reserve; unfreeze to let it trade again"))
                : null,
        };
        var result = await writer.SubmitAsync(work, CancellationToken.None);
        if (result.Rejection is { RootReason: RejectionReason.BalanceChangedSinceExpected })
        {
            return (PeriodCloseOutcome.NotApplied, "The account changed since the preview: it is not dormant; nothing was written off.");
        }

        if (result.Rejection is { RootReason: RejectionReason.IdAlreadyUsedWithDifferentFields })
        {
            return (PeriodCloseOutcome.NotApplied, $"Another close of {month} already applied this account's {item.Kind}.");
        }

        return Outcome(result.Rejection);
    }

    /// <summary>
    /// The new limit, only over the one of the preview, and never below what the account uses now (after this close's
    /// levy and demurrage, applied first): the ledger refuses a limit below that. The credit limit as it is now.
    /// </summary>
    private static AccountResult NewDebitLimit(LedgerBook book, PeriodCloseRunItem item)
    {
        if (book.FindAccount(item.AccountId) is not { } account)
        {
            return AccountResult.Rejected(new Rejection(RejectionReason.AccountNotFound, $"Account {item.AccountId} was not found."));
        }

        var limit = Math.Max(item.NewDebitLimit!.Value, PeriodCloses.InUse(account.Balance, account.PendingDebits));
        if (account.DebitLimit == limit)
        {
            return AccountResult.Accepted(account, isReplay: true);
        }

        return account.DebitLimit != item.DebitLimitBefore
            ? AccountResult.Rejected(new Rejection(RejectionReason.BalanceChangedSinceExpected,
                FormattableString.Invariant($"The debit limit was changed to {account.DebitLimit} since the preview ({item.DebitLimitBefore}); left as it is.")))
            : book.ChangeLimits(item.AccountId, limit, account.CreditLimit);
    }

    private static (PeriodCloseOutcome, string?) Outcome(Rejection? rejection) =>
        rejection is null ? (PeriodCloseOutcome.Applied, null) : (PeriodCloseOutcome.NotApplied, Fit($"{rejection.RootReason}: {(rejection.Cause ?? rejection).Detail}", PeriodCloseRunItem.MaxOutcomeDetailLength));

    private static string Fit(string text, int max = AdminRun.MaxReasonLength) => text.Length > max ? text[..max] : text;
}
