using System.Globalization;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// What the period-close use cases share (administrators only): the representation, the run as an
/// <see cref="AdminRuns"/> kind, and the transfers a close posts; see docs/ledger.md, "Closing a month".
/// </summary>
public static class PeriodCloses
{
    public const string Route = "/period-closes";

    /// <summary>Namespace of the transfer ids: derived from the exchange, the month, the kind and the account, not the run.</summary>
    private static readonly Guid IdNamespace = new("5a0b6c1e-2f43-4d8e-9b7a-61c0d2e3f4a5");

    public sealed record PeriodCloseDto(
        Guid Id, string ExchangeId, string Month, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, string Status, PolicyDto Policy,
        long TotalCredits, long? AppliedCredits, long TotalLimitIncrease, int ItemCount, bool NeedsSecondApprover, string PreviewedBy, DateTimeOffset PreviewedAt, string? ApprovedBy,
        DateTimeOffset? ApprovedAt, string? PostedBy, DateTimeOffset? PostedAt, string? AbandonedBy, DateTimeOffset? AbandonedAt,
        string? AbandonReason, IReadOnlyList<ItemDto>? Items)
    {
        /// <param name="itemCount">The number of items when they are not loaded (a list).</param>
        public static PeriodCloseDto From(PeriodCloseRun r, PeriodCloseSettings settings, bool details, int? itemCount = null) => new(
            r.Id, r.ExchangeId, MonthOf(r.PeriodStart), r.PeriodStart, r.PeriodEnd, r.Status.ToString(),
            new PolicyDto(r.LevyBasisPoints, r.DemurrageBasisPoints, r.DormantAfterDays, r.DebitLimitTurnoverBasisPoints, r.MinDebitLimit, r.MaxDebitLimit, r.TurnoverWindowDays),
            r.TotalCredits, details ? r.Items.Where(i => i.Outcome == PeriodCloseOutcome.Applied).Sum(i => i.Amount) : null, r.TotalLimitIncrease, itemCount ?? r.Items.Count,
            PeriodCloses.NeedsSecondApprover(r, settings), r.PreviewedBy, r.PreviewedAt, r.ApprovedBy, r.ApprovedAt, r.PostedBy, r.PostedAt,
            r.AbandonedBy, r.AbandonedAt, r.AbandonReason,
            details ? r.Items.OrderBy(i => i.Index).Select(i => new ItemDto(
                i.Index, i.Kind.ToString(), i.AccountId, i.Amount, i.BalanceBefore, i.DebitLimitBefore, i.NewDebitLimit, i.Reason,
                i.Outcome == PeriodCloseOutcome.NotApplied ? null : TransferId(r, i), i.Outcome.ToString(), i.OutcomeDetail)).ToList() : null);
    }

    /// <summary>The policy a close applies; omitted fields of a preview take <see cref="PeriodCloseSettings"/>.</summary>
    public sealed record PolicyDto(
        int LevyBasisPoints, int DemurrageBasisPoints, int? DormantAfterDays, int DebitLimitTurnoverBasisPoints, long MinDebitLimit, long MaxDebitLimit,
        int TurnoverWindowDays);

    /// <summary>One item; <c>transferId</c> for those that move credits (a levy, demurrage or write-off), unless not applied.</summary>
    public sealed record ItemDto(
        int Index, string Kind, Guid AccountId, long Amount, long BalanceBefore, long DebitLimitBefore, long? NewDebitLimit, string Reason,
        Guid? TransferId, string Outcome, string? OutcomeDetail);

    public static RunKind<PeriodCloseRun> Kind(PeriodCloseSettings settings, TimeProvider time) => new(
        "Period close", "period-close", FindAsync, run => Ok(run, settings), run => NeedsSecondApprover(run, settings),
        async (db, run, ct) => AdminRuns.IsClaimed(run, DeadClaim, time) || await AnythingAppliedAsync(db, run, ct) ? BeingPosted(run) : null);

    /// <summary>
    /// How old a claim must be before abandoning the close is allowed (if nothing was applied): far beyond any post that
    /// is only slow, which keeps its claim young as it goes, so a close is never abandoned under a live post.
    /// </summary>
    public static readonly TimeSpan DeadClaim = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether a post has applied anything of this close: an outcome recorded, a transfer of one of its items in the
    /// ledger with this close in its memo (another close of the month may hold the same id), or a limit change naming
    /// it (a post that died before recording what it applied leaves only the last two).
    /// </summary>
    public static async Task<bool> AnythingAppliedAsync(LedgerDbContext db, PeriodCloseRun run, CancellationToken ct)
    {
        if (run.Items.Any(i => i.Outcome != PeriodCloseOutcome.Pending))
        {
            return true;
        }

        var transfers = run.Items.Select(i => TransferId(run, i)).OfType<Guid>().ToList();
        var runId = run.Id.ToString();
        return await db.Transfers.AsNoTracking().AnyAsync(t => transfers.Contains(t.Id) && t.Memo.Contains(runId), ct)
            || await LimitsChangedByAsync(db, run, ct) is { Count: > 0 };
    }

    /// <summary>The accounts whose debit limit this close has changed (their limit history names it).</summary>
    public static async Task<HashSet<Guid>> LimitsChangedByAsync(LedgerDbContext db, PeriodCloseRun run, CancellationToken ct)
    {
        var runId = run.Id.ToString();
        return (await db.LimitChanges.AsNoTracking().Where(c => c.Reason.Contains(runId)).Select(c => c.AccountId).ToListAsync(ct)).ToHashSet();
    }

    /// <summary>
    /// Another close of the same exchange and month that was posted or whose post has started (claimed and not finished:
    /// being posted, or stopped part-way), if any: this one may then not be posted. A close being posted is still
    /// Approved until its last item; had only Posted counted, a second close of the month would apply, beside the first,
    /// every kind of item the first does not have.
    /// </summary>
    public static Task<PeriodCloseRun?> ClosingOfMonthAsync(LedgerDbContext db, string exchangeId, DateTimeOffset periodStart, Guid? except, CancellationToken ct) =>
        db.PeriodCloseRuns.AsNoTracking().Where(r => r.ExchangeId == exchangeId && r.PeriodStart == periodStart && r.Id != except
                && (r.Status == RunStatus.Posted || (r.Status == RunStatus.Approved && r.PostClaimedAt != null)))
            .OrderByDescending(r => r.Status == RunStatus.Posted).FirstOrDefaultAsync(ct);

    /// <summary>409 <c>period-close-exists</c>: the month was closed by another close, or another close of it is being posted.</summary>
    public static IResult AlreadyClosed(PeriodCloseRun other) => AdminRuns.Conflict("period-close-exists",
        other.Status == RunStatus.Posted
            ? $"{MonthOf(other.PeriodStart)} of exchange '{other.ExchangeId}' was closed by period close {other.Id}."
            : $"{MonthOf(other.PeriodStart)} of exchange '{other.ExchangeId}' is being closed by period close {other.Id}, or its post stopped part-way: "
              + "post that one again to finish it (or abandon it if nothing of it was applied).",
        null, new Dictionary<string, object?> { ["runId"] = other.Id });

    /// <summary>
    /// How long after a month's end it may be closed: the writer stamps an entry's time before its batch commits, so a
    /// trade stamped in the month's last instant may still be committing just after it.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    /// <summary>What an account uses of its debit limit: its debt and its held payments (never below 0).</summary>
    public static long InUse(long balance, long pendingDebits) => (long)Int128.Clamp((Int128)pendingDebits - balance, 0, long.MaxValue);

    /// <summary>As for settlement runs: far longer than posting a month's items takes, so an older claim belongs to a post that died.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);

    public static bool IsClaimed(PeriodCloseRun run, TimeProvider time) => AdminRuns.IsClaimed(run, ClaimLease, time);

    /// <summary>
    /// 409 <c>period-close-posting</c>: a post is applying it, or one stopped part-way (post it again to finish). A close
    /// whose post died before applying anything may be abandoned once its claim is <see cref="DeadClaim"/> old.
    /// </summary>
    public static IResult BeingPosted(PeriodCloseRun run) => AdminRuns.Conflict("period-close-posting",
        $"Period close {run.Id} is being posted, or a post stopped part-way; post it again to complete it and see the result.", run.Status);

    /// <summary>Credits moved and credit extended (raised limits) together, above the threshold.</summary>
    public static bool NeedsSecondApprover(PeriodCloseRun run, PeriodCloseSettings settings) =>
        (Int128)run.TotalCredits + run.TotalLimitIncrease > settings.SecondApprovalAbove;

    public static IResult Ok(PeriodCloseRun run, PeriodCloseSettings settings) => TypedResults.Ok(PeriodCloseDto.From(run, settings, details: true));

    public static Task<PeriodCloseRun?> FindAsync(LedgerDbContext db, Guid id, CancellationToken ct) =>
        db.PeriodCloseRuns.Include(r => r.Items).AsSplitQuery().FirstOrDefaultAsync(r => r.Id == id, ct);

    public static string MonthOf(DateTimeOffset periodStart) => periodStart.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>
    /// The transfer of an item that moves credits, or null. Derived from the exchange, the month, the kind and the
    /// account — not from the run — so that one account is levied (charged demurrage, written off) at most once per
    /// month whatever the number of closes previewed: the ledger applies an id once, ever.
    /// </summary>
    public static Guid? TransferId(PeriodCloseRun run, PeriodCloseRunItem item) => item.Kind == PeriodCloseItemKind.DebitLimit
        ? null
        : DeterministicId.Derive(IdNamespace, $"{run.ExchangeId}:{MonthOf(run.PeriodStart)}:{item.Kind}:{item.AccountId:N}");

    /// <summary>
    /// The transfer of an item that moves credits: a levy or demurrage from the member to the exchange's operating
    /// account; a write-off from the reserve account to the member, which brings the member to zero.
    /// </summary>
    public static TransferRequest Transfer(PeriodCloseRun run, PeriodCloseRunItem item, Exchange exchange, int maxMemoLength)
    {
        var memo = $"{item.Kind} {MonthOf(run.PeriodStart)} (period close {run.Id}): {item.Reason}";
        memo = memo.Length > maxMemoLength ? memo[..maxMemoLength] : memo;
        var id = TransferId(run, item)!.Value;
        return item.Kind == PeriodCloseItemKind.WriteOff
            ? TransferRequest.Direct(id, exchange.ReserveAccountId, item.AccountId, item.Amount, TransferCode.WriteOff, memo)
            : TransferRequest.Direct(id, item.AccountId, exchange.OperatingAccountId, item.Amount, TransferCode.Levy, memo);
    }
}
