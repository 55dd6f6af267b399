namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// One account as the period close sees it: its state now, and the figures of the period the caller read from the
/// journal. Amounts are minor units. The planner only reads these; gathering them is the caller's job, so the rules
/// stay testable without a database.
/// </summary>
/// <param name="Balance">The posted balance now; a dormant account's negative balance is what a write-off moves.</param>
/// <param name="PendingDebits">Open holds where the account pays (&gt;= 0); any open hold means it is not dormant.</param>
/// <param name="PendingCredits">Open holds where the account receives (&gt;= 0).</param>
/// <param name="DebitLimit">The current debit limit (&gt;= 0), compared with the one the turnover rule gives.</param>
/// <param name="BalanceAtPeriodEnd">The balance after the account's last entry at or before the period end; demurrage is on this.</param>
/// <param name="LastEntryAt">When the account's last journal entry (at any time) was posted; null if it has none.</param>
/// <param name="SalesInPeriod">&gt;= 0: the credits it received as payee of trade transfers in the period; the levy is on this.</param>
/// <param name="TrailingTurnover">&gt;= 0: its trade credits plus debits in the trailing window ending at the period end.</param>
public sealed record PeriodCloseAccount(
    Guid AccountId,
    AccountKind Kind,
    AccountStatus Status,
    long Balance,
    long PendingDebits,
    long PendingCredits,
    long DebitLimit,
    long BalanceAtPeriodEnd,
    DateTimeOffset? LastEntryAt,
    long SalesInPeriod,
    long TrailingTurnover);
