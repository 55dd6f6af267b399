using SolidarityMarket.Web.Admin;

namespace SolidarityMarket.Web.Settlement;

// The Ledger API's exchange positions and settlement runs as the administrators' pages read them (amounts in credit
// hundredths); only the fields shown.

/// <summary>One exchange's clearing account: its position (positive: its members paid other sectors more than they were paid).</summary>
public sealed record ExchangePosition(
    string ExchangeId, long Position, long PendingDebits, long PendingCredits, long DebitCap, long CreditCap, bool WithinCaps);

public sealed record ProposedSettlement(string FromExchangeId, string ToExchangeId, long Amount);

public sealed record PositionsReport(IReadOnlyList<ExchangePosition> Exchanges, long NetworkSum, IReadOnlyList<ProposedSettlement> ProposedSettlements);

/// <summary>A settlement run; <see cref="Transfers"/> and <see cref="Positions"/> only when read on its own (not in the list).</summary>
public sealed record SettlementRun(
    Guid Id, string Reference, string Status, long TotalSettled, bool NeedsSecondApprover, string PreviewedBy, DateTimeOffset PreviewedAt,
    string? ApprovedBy, DateTimeOffset? ApprovedAt, string? PostedBy, DateTimeOffset? PostedAt, string? AbandonedBy,
    DateTimeOffset? AbandonedAt, string? AbandonReason, IReadOnlyList<SettlementLine>? Transfers, IReadOnlyList<PositionChange>? Positions) : IAdminRun;

public sealed record SettlementLine(int Index, string FromExchangeId, string ToExchangeId, long Amount);

public sealed record PositionChange(string ExchangeId, long PositionBefore, long Change, long PositionAfter);

public sealed record SettlementRunPage(int PageNumber, int PageSize, int Total, IReadOnlyList<SettlementRun> Items);
