using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Posting;

/// <summary>One request to the ledger writer. Each runs inside a group-commit batch and completes on its own.</summary>
public abstract class LedgerWork
{
    /// <summary>Transfer ids this work reads or creates (idempotency look-ups, holds to post, originals to reverse).</summary>
    public abstract IEnumerable<Guid> TransferIds { get; }

    /// <summary>
    /// Stored transfers this work refers to (the hold to post or void, the original to reverse): their accounts are
    /// looked up before locking, since the request may leave them out.
    /// </summary>
    public virtual IEnumerable<Guid> ReferencedTransferIds => [];

    /// <summary>Accounts this work touches directly.</summary>
    public abstract IEnumerable<Guid> AccountIds { get; }

    /// <summary>Runs the domain rule on the loaded book and returns the result for the caller.</summary>
    internal abstract object Apply(LedgerBook book, DateTimeOffset now);
}

/// <summary>A transfer, or a linked batch of them, possibly the legs of a planned trade.</summary>
public sealed class TransferWork(LedgerCommand command, TradePlan? plan = null) : LedgerWork
{
    public LedgerCommand Command { get; } = command;

    /// <summary>The legs of a planned trade: a plain submit when it is one leg, a linked batch otherwise.</summary>
    public static TransferWork ForPlan(TradePlan plan, HolderCheck? requiredHolder = null, bool placedByOrdering = false) => new(
        plan.Requests.Count == 1 ? LedgerCommand.Submit(plan.Requests[0]) : LedgerCommand.SubmitLinked(plan.Requests), plan)
    {
        RequiredHolder = requiredHolder,
        PlacedByOrdering = placedByOrdering,
    };

    /// <summary>The trade the requests belong to, when the service planned them (fees, clearing legs).</summary>
    public TradePlan? Plan { get; } = plan;

    /// <summary>The held trade a post/void settles: its legs' trade metadata is carried to the new rows.</summary>
    public Guid? SettlesTradeId { get; init; }

    /// <summary>
    /// The legs are Ordering's hold for an order (HoldCredits): stored as <see cref="Data.TransferRecord.PlacedByOrdering"/>,
    /// so that only Ordering's PostHold/VoidHold (or an administrator) settle them.
    /// </summary>
    public bool PlacedByOrdering { get; init; }

    /// <summary>
    /// When set, the writer applies the work only if this user holds the account it spends from. The holders are
    /// read in the batch's transaction, under the exchange locks, once per batch (docs/adr/0013): exact, and one
    /// read for the whole batch instead of one query per request. A refused work changes nothing, and
    /// <see cref="RefusedAccountId"/> names the account.
    /// </summary>
    public HolderCheck? RequiredHolder { get; init; }

    /// <summary>
    /// When set, the writer applies the work only if these accounts have exactly these balances at that moment — in
    /// the batch's transaction, under the exchange locks, after the works before it in the batch — and otherwise
    /// refuses it with <see cref="RejectionReason.BalanceChangedSinceExpected"/>. Not checked for a replay (the work's
    /// transfers already stored), which answers what was applied. Settlement runs use it: computed on the positions of
    /// their preview, they apply to those positions or not at all.
    /// </summary>
    public IReadOnlyDictionary<Guid, long>? ExpectedBalances { get; init; }

    /// <summary>
    /// As <see cref="ExpectedBalances"/>, for the accounts' versions: the work applies only if none of these accounts
    /// changed at all since it was computed — no entry, hold, limit or state change, even one that left the balance as
    /// it was. A period close's write-off uses it: a debt is written off only if its account is still as dormant as at
    /// the preview.
    /// </summary>
    public IReadOnlyDictionary<Guid, long>? ExpectedVersions { get; init; }

    /// <summary>
    /// When set (a single transfer), the account it credits is frozen right after it is applied, in the same batch and
    /// transaction, with this audit in its state history: a period close writes off a dormant member's debt and freezes
    /// the account at once, so the member cannot spend between the two. Nothing is frozen when the transfer is refused
    /// or replayed (its first application froze it), or when the account is frozen already.
    /// </summary>
    public AccountAudit? FreezeCreditAccount { get; init; }

    /// <summary>The freeze this work made, with the account's state before and after it; for the state audit.</summary>
    internal (AccountState Before, AccountState After)? Freeze { get; private set; }

    /// <summary>The account <see cref="RequiredHolder"/> did not hold: the writer refused the work.</summary>
    public Guid? RefusedAccountId { get; internal set; }

    public override IEnumerable<Guid> TransferIds =>
        Command.Requests.SelectMany(r => new[] { r.Id, r.PendingId ?? Guid.Empty, r.OriginalId ?? Guid.Empty }).Where(id => id != Guid.Empty);

    public override IEnumerable<Guid> ReferencedTransferIds =>
        Command.Requests.SelectMany(r => new[] { r.PendingId ?? Guid.Empty, r.OriginalId ?? Guid.Empty }).Where(id => id != Guid.Empty);

    public override IEnumerable<Guid> AccountIds =>
        Command.Requests.SelectMany(r => new[] { r.DebitAccountId, r.CreditAccountId })
            .Concat(ExpectedBalances?.Keys ?? []).Concat(ExpectedVersions?.Keys ?? []).Where(id => id != Guid.Empty);

    internal override object Apply(LedgerBook book, DateTimeOffset now)
    {
        Freeze = null; // applied again when the batch is retried on a fresh book
        if ((ExpectedBalances is not null || ExpectedVersions is not null) && Command.Requests.All(r => book.FindTransfer(r.Id) is null))
        {
            var changed = (ExpectedBalances ?? new Dictionary<Guid, long>()).Where(e => book.FindAccount(e.Key)?.Balance != e.Value)
                .Concat((ExpectedVersions ?? new Dictionary<Guid, long>()).Where(e => book.FindAccount(e.Key)?.Version != e.Value))
                .Select(e => e.Key).Distinct().Order().ToList();
            if (changed.Count > 0)
            {
                return SubmitResult.Rejected(new Rejection(RejectionReason.BalanceChangedSinceExpected,
                    $"Account(s) {string.Join(", ", changed)} changed since this work was computed."));
            }
        }

        var result = Command.IsLinked
            ? book.SubmitLinked(Command.Requests, now, Command.Role)
            : book.Submit(Command.Requests[0], now, Command.Role);
        if (FreezeCreditAccount is not null && !Command.IsLinked && result is { IsAccepted: true, IsReplay: false }
            && book.FindAccount(Command.Requests[0].CreditAccountId) is { } before
            && book.Freeze(before.Id) is { IsAccepted: true, IsReplay: false, Account: { } after })
        {
            Freeze = (before, after);
        }

        return result;
    }
}

/// <summary>Who must hold which account for a <see cref="TransferWork"/> to apply (a member spending from it).</summary>
public sealed record HolderCheck(string UserId, Guid AccountId);

/// <summary>Expires every hold whose timeout has passed (the writer loads them).</summary>
public sealed class ExpireWork : LedgerWork
{
    public override IEnumerable<Guid> TransferIds => [];

    public override IEnumerable<Guid> AccountIds => [];

    internal override object Apply(LedgerBook book, DateTimeOffset now) => book.Expire(now);
}

/// <summary>
/// An administrator's change of an account: limits, freeze, unfreeze, close. With an <see cref="Audit"/>, a change
/// of limits is recorded in <c>LimitChanges</c> and a change of state in <c>AccountStatusChanges</c>, in the same batch.
/// </summary>
public sealed class AccountWork : LedgerWork
{
    private readonly Func<LedgerBook, AccountResult>? change;

    public AccountWork(Guid accountId, Func<LedgerBook, AccountResult> change, AccountAudit? audit = null)
    {
        AccountId = accountId;
        this.change = change;
        Audit = audit;
    }

    private AccountWork(Guid accountId, AccountAudit? audit)
    {
        AccountId = accountId;
        Audit = audit;
        ClosesAccount = true;
    }

    /// <summary>
    /// Closes the account, unless it has open payment requests: the writer reads them in the batch's transaction,
    /// after the exchange locks, which a payment request's creation takes too — so no request can be created against
    /// the account between that read and the close (<see cref="OpenPaymentRequestIds"/>).
    /// </summary>
    public static AccountWork Close(Guid accountId, AccountAudit? audit = null) => new(accountId, audit);

    public Guid AccountId { get; }

    public AccountAudit? Audit { get; }

    /// <summary>A <see cref="Close"/>: the writer reads the account's open payment requests for it.</summary>
    public bool ClosesAccount { get; }

    /// <summary>The open or accepted payment requests the account pays or is paid by, as the writer read them.</summary>
    internal IReadOnlyList<Guid> OpenPaymentRequestIds { get; set; } = [];

    /// <summary>
    /// The account as this work found it, read just before applying it: the audit's "before". The batch's changes are
    /// merged per account, so with two changes to one account in a batch only this tells each one's own before.
    /// </summary>
    internal AccountState? Before { get; private set; }

    public override IEnumerable<Guid> TransferIds => [];

    public override IEnumerable<Guid> AccountIds => [AccountId];

    internal override object Apply(LedgerBook book, DateTimeOffset now)
    {
        Before = book.FindAccount(AccountId);
        return ClosesAccount ? book.Close(AccountId, OpenPaymentRequestIds) : change!(book);
    }
}

/// <summary>Who changed an account's limits or state and why; written with the change.</summary>
public sealed record AccountAudit(string UserId, string Reason);
