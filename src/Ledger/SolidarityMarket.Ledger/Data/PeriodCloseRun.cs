using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Data;

/// <summary>
/// The close of one calendar month of one exchange, as an administrator previewed it: the policy it applies (stored
/// with the run, so what was decided is on record), and its items — each member account's levy, demurrage, write-off
/// of a dormant negative balance, or new debit limit (<see cref="PeriodClosePlanner"/>). Posting applies each item
/// on its own (a member at its floor does not stop the others) and records what became of it.
/// </summary>
public sealed class PeriodCloseRun : ClaimedAdminRun
{
    public string ExchangeId { get; set; } = "";

    /// <summary>First day of the month closed (UTC midnight); the period is [PeriodStart, PeriodEnd).</summary>
    public DateTimeOffset PeriodStart { get; set; }

    public DateTimeOffset PeriodEnd { get; set; }

    public int LevyBasisPoints { get; set; }

    public int DemurrageBasisPoints { get; set; }

    /// <summary>Days without a journal entry after which a negative balance is written off; null = not at this close.</summary>
    public int? DormantAfterDays { get; set; }

    public int DebitLimitTurnoverBasisPoints { get; set; }

    public long MinDebitLimit { get; set; }

    public long MaxDebitLimit { get; set; }

    /// <summary>Days of trade before the period end that a new debit limit is computed from.</summary>
    public int TurnoverWindowDays { get; set; }

    /// <summary>Σ credits the run moves (levies, demurrage, write-offs).</summary>
    public long TotalCredits { get; set; }

    /// <summary>
    /// Σ of the debit limits it raises (new − before, where higher): a raised limit is credit the network extends, so
    /// with <see cref="TotalCredits"/> it is what the second-approver threshold compares.
    /// </summary>
    public long TotalLimitIncrease { get; set; }

    public List<PeriodCloseRunItem> Items { get; set; } = [];
}

/// <summary>One item of a period close, and what posting made of it.</summary>
public sealed class PeriodCloseRunItem
{
    public const int MaxReasonLength = 200;

    public const int MaxOutcomeDetailLength = 500;

    public Guid RunId { get; set; }

    /// <summary>Its place in the run, from 0.</summary>
    public int Index { get; set; }

    public PeriodCloseItemKind Kind { get; set; }

    public Guid AccountId { get; set; }

    /// <summary>Credits moved (levy, demurrage, write-off); 0 for a debit-limit change.</summary>
    public long Amount { get; set; }

    /// <summary>The account's balance at the preview (a write-off is applied only on that balance).</summary>
    public long BalanceBefore { get; set; }

    /// <summary>The account's debit limit at the preview (a new limit is set only over that one).</summary>
    public long DebitLimitBefore { get; set; }

    /// <summary>The account's version at the preview: a write-off is applied only if the account has not changed at all since.</summary>
    public long AccountVersionBefore { get; set; }

    public long? NewDebitLimit { get; set; }

    public string Reason { get; set; } = "";

    public PeriodCloseOutcome Outcome { get; set; }

    /// <summary>Why an item was not applied (the ledger's refusal, or what changed since the preview).</summary>
    public string? OutcomeDetail { get; set; }
}

public enum PeriodCloseOutcome
{
    /// <summary>Not posted yet.</summary>
    Pending = 0,

    Applied = 1,

    /// <summary>Refused by the ledger (a limit, a frozen account) or skipped because the account changed since the preview.</summary>
    NotApplied = 2,
}
