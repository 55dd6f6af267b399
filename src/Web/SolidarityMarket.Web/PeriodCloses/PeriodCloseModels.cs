using SolidarityMarket.Web.Admin;

namespace SolidarityMarket.Web.PeriodCloses;

// The Ledger API's period closes (a month of one exchange: levies, demurrage, write-offs, debit limits from trade) as
// the administrators' pages read them (amounts in credit hundredths); only the fields shown.

/// <summary>A period close; <see cref="Items"/> and <see cref="AppliedCredits"/> only when read on its own (not in the list).</summary>
public sealed record PeriodClose(
    Guid Id, string ExchangeId, string Month, string Status, PeriodClosePolicy Policy, long TotalCredits, long? AppliedCredits,
    long TotalLimitIncrease, int ItemCount, bool NeedsSecondApprover, string PreviewedBy, DateTimeOffset PreviewedAt,
    string? ApprovedBy, DateTimeOffset? ApprovedAt, string? PostedBy, DateTimeOffset? PostedAt, string? AbandonedBy,
    DateTimeOffset? AbandonedAt, string? AbandonReason, IReadOnlyList<PeriodCloseItem>? Items) : IAdminRun;

/// <summary>The policy a close applied; <see cref="DormantAfterDays"/> 0 or null: no write-offs.</summary>
public sealed record PeriodClosePolicy(
    int LevyBasisPoints, int DemurrageBasisPoints, int? DormantAfterDays, int DebitLimitTurnoverBasisPoints, long MinDebitLimit,
    long MaxDebitLimit, int TurnoverWindowDays);

/// <summary>
/// One item: a <c>Levy</c>, <c>Demurrage</c> or <c>WriteOff</c> moves <see cref="Amount"/>; a <c>DebitLimit</c> sets
/// <see cref="NewDebitLimit"/>. <see cref="Outcome"/> is Pending until posted, then Applied or NotApplied (why in
/// <see cref="OutcomeDetail"/>).
/// </summary>
public sealed record PeriodCloseItem(
    int Index, string Kind, Guid AccountId, long Amount, long BalanceBefore, long DebitLimitBefore, long? NewDebitLimit, string Reason,
    Guid? TransferId, string Outcome, string? OutcomeDetail);

public sealed record PeriodClosePage(int PageNumber, int PageSize, int Total, IReadOnlyList<PeriodClose> Items);

/// <summary>
/// What a preview asks for: every policy field left null takes the ledger's configured default (<c>Ledger:PeriodClose</c>);
/// it is sent as null, which the ledger reads as "not given".
/// </summary>
public sealed record PeriodClosePreview(
    string ExchangeId, string Month, int? LevyBasisPoints, int? DemurrageBasisPoints, int? DormantAfterDays,
    int? DebitLimitTurnoverBasisPoints, long? MinDebitLimit, long? MaxDebitLimit, int? TurnoverWindowDays);
