using SolidarityMarket.Web.Admin;

namespace SolidarityMarket.Web.Clearing;

// The Ledger API's clearing runs (multilateral set-off of an exchange's accepted, unpaid payment requests) as the
// administrators' pages read them (amounts in credit hundredths); only the fields shown.

/// <summary>A clearing run; <see cref="Lines"/> and <see cref="Accounts"/> only when read on its own (not in the list).</summary>
public sealed record ClearingRun(
    Guid Id, string ExchangeId, string Status, int ObligationCount, int SkippedCount, long TotalBefore, long TotalSetOff, long TotalAfter,
    bool NeedsSecondApprover, string PreviewedBy, DateTimeOffset PreviewedAt, string? ApprovedBy, DateTimeOffset? ApprovedAt,
    string? PostedBy, DateTimeOffset? PostedAt, string? AbandonedBy, DateTimeOffset? AbandonedAt, string? AbandonReason,
    IReadOnlyList<ClearingLine>? Lines, IReadOnlyList<ClearingAccount>? Accounts) : IAdminRun;

/// <summary>The set-off on one payment request.</summary>
public sealed record ClearingLine(Guid RequestId, Guid PayerAccountId, Guid PayeeAccountId, long OutstandingBefore, long SetOff, long OutstandingAfter);

/// <summary>One account's obligations before and after; its net position is the same both times.</summary>
public sealed record ClearingAccount(Guid AccountId, long OwedBefore, long OwedToBefore, long SetOff, long OwedAfter, long OwedToAfter, long NetPosition);

public sealed record ClearingRunPage(int PageNumber, int PageSize, int Total, IReadOnlyList<ClearingRun> Items);
