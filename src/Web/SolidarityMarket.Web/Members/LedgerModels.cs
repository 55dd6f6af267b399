namespace SolidarityMarket.Web.Members;

// The Ledger API's answers as the member pages read them (amounts in credit hundredths); only the fields shown.

public sealed record LedgerAccount(
    Guid Id, string Kind, string ExchangeId, string Name, long Balance, long PendingDebits, long PendingCredits,
    long AvailableToSpend, long DebitLimit, long CreditLimit, string Status);

public sealed record StatementLine(
    long Sequence, DateTimeOffset PostedAt, Guid TransferId, string Code, Guid CounterpartyAccountId, long Amount, long Balance, string Memo, string? OrderReference);

public sealed record AccountStatement(Guid AccountId, string ExchangeId, long OpeningBalance, long ClosingBalance, int Page, int PageSize, int Total, IReadOnlyList<StatementLine> Lines);

public sealed record PaymentTransfer(Guid Id, string Code, Guid DebitAccountId, Guid CreditAccountId, long Amount);

public sealed record PaymentOutcome(bool Replay, IReadOnlyList<PaymentTransfer> Transfers);

public sealed record PaymentRequestView(
    Guid Id, Guid PayeeAccountId, Guid PayerAccountId, long Amount, string Memo, DateOnly DueDate, string Status,
    DateTimeOffset CreatedAt, bool PaymentInProgress, long ClearedAmount, long Outstanding);

public sealed record PaymentRequestPage(int PageNumber, int PageSize, int Total, IReadOnlyList<PaymentRequestView> Items);

public sealed record LedgerExchange(string Id, string Name, string Unit, int FeeBasisPoints);
