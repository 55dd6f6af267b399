using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger;

/// <summary>Ledger settings (section <c>Ledger</c>).</summary>
public sealed class LedgerOptions
{
    /// <summary>The exchanges, one per sector by default; created at start-up with their system accounts.</summary>
    public List<ExchangeSettings> Exchanges { get; set; } = [];

    public static readonly IReadOnlyList<string> DefaultSectors = ["food", "housing", "services", "manufacturing", "care"];

    public IReadOnlyList<ExchangeSettings> EffectiveExchanges =>
        Exchanges.Count > 0 ? Exchanges : DefaultSectors.Select(s => new ExchangeSettings { Id = s }).ToList();

    /// <summary>Most requests applied in one database transaction by the writer (group commit).</summary>
    public int MaxBatch { get; set; } = 1000;

    /// <summary>How often a batch that lost a race with another writer is re-read and re-applied.</summary>
    public int MaxCommitAttempts { get; set; } = 8;

    /// <summary>Default hold timeout when a request gives none (credit checkouts hold until completion).</summary>
    public TimeSpan DefaultHoldTimeout { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The domain's limits (memo length, reversal window for payees, ...).</summary>
    public LedgerPolicy Policy { get; set; } = LedgerPolicy.Default;

    /// <summary>Default limits per membership category, in credit hundredths; administrators change them per account.</summary>
    public Dictionary<string, AccountLimits> DefaultLimits { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SolidarityEconomyInitiative"] = new(100_000, 200_000),
        ["NetworkOrAssociation"] = new(50_000, 100_000),
        ["SupportOrganization"] = new(50_000, 100_000),
        ["AlliedOrganization"] = new(25_000, 50_000),
        ["Individual"] = new(20_000, 40_000),
    };

    /// <summary>Multilateral clearing of obligations (clearing runs).</summary>
    public ClearingSettings Clearing { get; set; } = new();

    /// <summary>Settlement of the exchanges' cross-sector positions (settlement runs).</summary>
    public SettlementSettings Settlement { get; set; } = new();

    /// <summary>The defaults of a period close's policy (section <c>Ledger:PeriodClose</c>); each close may set its own.</summary>
    public PeriodCloseSettings PeriodClose { get; set; } = new();

    public AccountLimits LimitsFor(string category) =>
        DefaultLimits.TryGetValue(category, out var limits) ? limits : new AccountLimits(0, 0);
}

/// <summary>How far below zero an account may go (<see cref="DebitLimit"/>) and how far above (<see cref="CreditLimit"/>).</summary>
public sealed record AccountLimits(long DebitLimit, long CreditLimit);

/// <summary>One exchange: its id (a sector), display name, and fee in basis points charged on trades.</summary>
public sealed class ExchangeSettings
{
    public string Id { get; set; } = "";

    public string? Name { get; set; }

    public int FeeBasisPoints { get; set; }

    /// <summary>Imbalance cap of the clearing account, both ways (credit hundredths).</summary>
    public long ClearingLimit { get; set; } = 10_000_000;
}

/// <summary>Settings of clearing runs (section <c>Ledger:Clearing</c>).</summary>
public sealed class ClearingSettings
{
    /// <summary>
    /// A run that sets off more than this (credit hundredths; default 10,000.00 credits) needs a second administrator:
    /// whoever previewed it may not approve it. At or below it, one administrator may preview, approve and post.
    /// </summary>
    public long SecondApprovalAbove { get; set; } = 1_000_000;
}

/// <summary>Settings of settlement runs (section <c>Ledger:Settlement</c>).</summary>
public sealed class SettlementSettings
{
    /// <summary>
    /// A run that settles more than this in total (credit hundredths; default 10,000.00 credits) needs a second
    /// administrator: whoever previewed it may not approve it.
    /// </summary>
    public long SecondApprovalAbove { get; set; } = 1_000_000;
}

/// <summary>
/// Defaults of a period close (section <c>Ledger:PeriodClose</c>): everything that moves credits or changes limits is
/// off until a network decides it — here, or in the request of a close.
/// </summary>
public sealed class PeriodCloseSettings
{
    /// <summary>Levy on each member's sales in the month, in basis points, to the operating account; 0 = none.</summary>
    public int LevyBasisPoints { get; set; }

    /// <summary>Demurrage on each member's positive balance at the month's end, in basis points; 0 = none.</summary>
    public int DemurrageBasisPoints { get; set; }

    /// <summary>Days without any entry after which a negative balance is written off to the reserve; null = never.</summary>
    public int? DormantAfterDays { get; set; }

    /// <summary>New debit limit as basis points of the trailing turnover (may exceed 10,000); 0 = limits unchanged.</summary>
    public int DebitLimitTurnoverBasisPoints { get; set; }

    public long MinDebitLimit { get; set; }

    public long MaxDebitLimit { get; set; } = 1_000_000;

    /// <summary>Days of trade before the month's end that the turnover is summed over.</summary>
    public int TurnoverWindowDays { get; set; } = 365;

    /// <summary>A close moving more than this (credit hundredths; default 10,000.00 credits) needs a second administrator.</summary>
    public long SecondApprovalAbove { get; set; } = 1_000_000;
}
