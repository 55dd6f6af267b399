using System.Globalization;

namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// Plans an exchange's period close: which dormant debts are written off, what levy and demurrage each member
/// account pays, and which debit limits change. Pure: it reads the policy and the accounts and returns items; the
/// caller posts them (write-offs against the reserve account, levy and demurrage to the operating account) and
/// sets the limits.
/// </summary>
/// <remarks>
/// <para>
/// Only member accounts get items: the exchange's own operating, clearing and reserve accounts are where the
/// items go, not what they apply to. Closed accounts never get any. Frozen accounts can only be written off: a
/// freeze stops trading, and charging or re-limiting an account that cannot trade would only pile up debt.
/// </para>
/// <para>
/// <b>Write-off</b> (when <see cref="PeriodClosePolicy.DormantAfter"/> is set): an active or frozen member account
/// with a negative balance, no open holds (a hold is activity still in flight), and no journal entry since
/// periodEnd − DormantAfter (an entry exactly at that instant counts as dormant; none at all counts too). The
/// amount is the whole debt, −Balance. An account written off gets nothing else in the same plan: it is being
/// settled, not charged. The reason dates the last entry by its UTC day, so it reads the same on every server.
/// </para>
/// <para>
/// <b>Levy</b>: floor(SalesInPeriod × bp / 10,000) for active accounts. <b>Demurrage</b>:
/// floor(BalanceAtPeriodEnd × bp / 10,000) for active accounts whose period-end balance is positive. Both round
/// down, like <see cref="FeeCalculator"/>, so the network never takes more than the rule says, and an item
/// appears only when the amount is above zero. The amounts are what the rule says, not what the account can pay
/// now: posting them may take a balance below zero (within its debit limit) just as a fee can; the caller posts
/// them under its own rules.
/// </para>
/// <para>
/// <b>Debit limit</b>: for active accounts, clamp(floor(TrailingTurnover × bp / 10,000), MinDebitLimit,
/// MaxDebitLimit), as an item only when it differs from the current limit. The plan may propose a limit below the
/// account's current debt; the ledger refuses a limit below what is in use (<see cref="LedgerBook.ChangeLimits"/>),
/// so the caller raises such a limit to the debt (the period close's preview does, and says so in the reason).
/// </para>
/// <para>
/// Items are ordered by account id (<see cref="Guid.CompareTo(Guid)"/>), then by kind (write-off, levy,
/// demurrage, debit limit), so the same input in any order gives the same plan, and at most one item per account
/// and kind. All arithmetic is 128-bit; nothing can overflow.
/// </para>
/// </remarks>
public static class PeriodClosePlanner
{
    /// <summary>The longest <see cref="PeriodCloseItem.Reason"/>, for the caller's column and for statements.</summary>
    public const int MaxReasonLength = 200;

    /// <exception cref="ArgumentException">
    /// The policy is out of range, or an account is null, repeats an id, has an undefined kind or status, has negative
    /// pending totals, debit limit, sales or turnover, or has a balance of <see cref="long.MinValue"/> (whose debt
    /// cannot be expressed as a positive amount).
    /// </exception>
    public static IReadOnlyList<PeriodCloseItem> Plan(PeriodClosePolicy policy, DateTimeOffset periodEnd, IReadOnlyList<PeriodCloseAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(accounts);
        policy.Validate();
        Validate(accounts);

        var items = new List<PeriodCloseItem>();
        foreach (var account in accounts.OrderBy(a => a.AccountId))
        {
            if (account.Kind != AccountKind.Member || account.Status == AccountStatus.Closed)
            {
                continue;
            }

            if (WriteOff(policy, periodEnd, account) is { } writeOff)
            {
                items.Add(writeOff);
                continue;
            }

            if (account.Status != AccountStatus.Active)
            {
                continue;
            }

            AddIfAny(items, Levy(policy, account));
            AddIfAny(items, Demurrage(policy, account));
            AddIfAny(items, DebitLimit(policy, account));
        }

        return items;
    }

    private static void Validate(IReadOnlyList<PeriodCloseAccount> accounts)
    {
        var ids = new HashSet<Guid>();
        for (var i = 0; i < accounts.Count; i++)
        {
            var account = accounts[i] ?? throw new ArgumentException($"Account {i} is null.", nameof(accounts));
            if (!ids.Add(account.AccountId))
            {
                throw new ArgumentException($"Account {account.AccountId} appears more than once.", nameof(accounts));
            }

            if (!Enum.IsDefined(account.Kind) || !Enum.IsDefined(account.Status))
            {
                throw new ArgumentException($"Account {account.AccountId} has an unknown kind ({account.Kind}) or status ({account.Status}).", nameof(accounts));
            }

            if (account.SalesInPeriod < 0 || account.TrailingTurnover < 0)
            {
                throw new ArgumentException($"Account {account.AccountId} must have sales and turnover >= 0; got {account.SalesInPeriod} and {account.TrailingTurnover}.", nameof(accounts));
            }

            if (account.PendingDebits < 0 || account.PendingCredits < 0 || account.DebitLimit < 0)
            {
                throw new ArgumentException($"Account {account.AccountId} must have pending totals and a debit limit >= 0; got {account.PendingDebits}, {account.PendingCredits} and {account.DebitLimit}.", nameof(accounts));
            }

            if (account.Balance == long.MinValue)
            {
                throw new ArgumentException($"Account {account.AccountId} has a balance of {long.MinValue}, which no ledger state can reach and no write-off can move.", nameof(accounts));
            }
        }
    }

    private static PeriodCloseItem? WriteOff(PeriodClosePolicy policy, DateTimeOffset periodEnd, PeriodCloseAccount account)
    {
        if (policy.DormantAfter is not { } dormantAfter || account.Balance >= 0 || account.PendingDebits != 0 || account.PendingCredits != 0)
        {
            return null;
        }

        // periodEnd - LastEntryAt >= DormantAfter is LastEntryAt <= periodEnd - DormantAfter without computing a
        // cutoff that could fall before DateTimeOffset.MinValue; the difference of two dates always fits a TimeSpan.
        if (account.LastEntryAt is { } lastEntryAt && periodEnd - lastEntryAt < dormantAfter)
        {
            return null;
        }

        var since = account.LastEntryAt is { } last
            ? "dormant since " + last.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : "dormant, with no journal entry ever";
        return new PeriodCloseItem(
            PeriodCloseItemKind.WriteOff,
            account.AccountId,
            -account.Balance,
            null,
            Invariant($"{since}: negative balance {account.Balance:N0} written off to the reserve"));
    }

    private static PeriodCloseItem? Levy(PeriodClosePolicy policy, PeriodCloseAccount account)
    {
        var amount = FeeCalculator.Compute(account.SalesInPeriod, policy.LevyBasisPoints);
        return amount <= 0
            ? null
            : new PeriodCloseItem(
                PeriodCloseItemKind.Levy,
                account.AccountId,
                amount,
                null,
                Invariant($"levy: {policy.LevyBasisPoints:N0} bp of {account.SalesInPeriod:N0} sales in the period"));
    }

    private static PeriodCloseItem? Demurrage(PeriodClosePolicy policy, PeriodCloseAccount account)
    {
        if (account.BalanceAtPeriodEnd <= 0)
        {
            return null;
        }

        var amount = FeeCalculator.Compute(account.BalanceAtPeriodEnd, policy.DemurrageBasisPoints);
        return amount <= 0
            ? null
            : new PeriodCloseItem(
                PeriodCloseItemKind.Demurrage,
                account.AccountId,
                amount,
                null,
                Invariant($"demurrage: {policy.DemurrageBasisPoints:N0} bp of the balance {account.BalanceAtPeriodEnd:N0} at the period end"));
    }

    private static PeriodCloseItem? DebitLimit(PeriodClosePolicy policy, PeriodCloseAccount account)
    {
        if (policy.DebitLimitTurnoverBasisPoints <= 0)
        {
            return null;
        }

        // Up to long.MaxValue × int.MaxValue: fits Int128 with room to spare.
        var share = (Int128)account.TrailingTurnover * policy.DebitLimitTurnoverBasisPoints / FeeCalculator.BasisPointsPerWhole;
        var newLimit = (long)Int128.Clamp(share, policy.MinDebitLimit, policy.MaxDebitLimit);
        if (newLimit == account.DebitLimit)
        {
            return null;
        }

        // Worded to stay within MaxReasonLength even with every figure at its largest (a test checks it).
        var head = Invariant($"trailing turnover {account.TrailingTurnover:N0}: debit limit {account.DebitLimit:N0} → {newLimit:N0}");
        var basis = share < policy.MinDebitLimit
            ? Invariant($"{policy.DebitLimitTurnoverBasisPoints:N0} bp of turnover is {share:N0}, below the minimum")
            : share > policy.MaxDebitLimit
                ? Invariant($"{policy.DebitLimitTurnoverBasisPoints:N0} bp of turnover is {share:N0}, above the maximum")
                : Invariant($"{policy.DebitLimitTurnoverBasisPoints:N0} bp of turnover, between {policy.MinDebitLimit:N0} and {policy.MaxDebitLimit:N0}");
        return new PeriodCloseItem(PeriodCloseItemKind.DebitLimit, account.AccountId, 0, newLimit, $"{head} ({basis})");
    }

    private static void AddIfAny(List<PeriodCloseItem> items, PeriodCloseItem? item)
    {
        if (item is not null)
        {
            items.Add(item);
        }
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
