namespace SolidarityMarket.Ledger.Domain;

public sealed partial class LedgerBook
{
    /// <summary>Opens an empty, active account. Opening the same account again with identical fields is a replay.</summary>
    public AccountResult OpenAccount(OpenAccountRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var shape = CheckOpenAccountShape(request);
        if (shape is not null)
        {
            return AccountResult.Rejected(shape);
        }

        if (accounts.TryGetValue(request.Id, out var existing))
        {
            var identical = string.Equals(existing.ExchangeId, request.ExchangeId, StringComparison.Ordinal)
                && existing.Kind == request.Kind
                && existing.DebitLimit == request.DebitLimit
                && existing.CreditLimit == request.CreditLimit;
            return identical
                ? AccountResult.Accepted(existing, isReplay: true)
                : AccountResult.Rejected(new Rejection(RejectionReason.IdAlreadyUsedWithDifferentFields, $"Account {request.Id} already exists with different fields."));
        }

        var account = AccountState.Open(request.Id, request.ExchangeId, request.Kind, request.DebitLimit, request.CreditLimit) with { Version = 1 };
        PutAccount(account);
        return AccountResult.Accepted(account);
    }

    /// <summary>
    /// Sets new limits. Refused when the account's current balance and holds would already breach them:
    /// limits are hard, so the ledger never holds an account beyond its limits. To stop an account from spending
    /// further without that, freeze it.
    /// </summary>
    public AccountResult ChangeLimits(Guid accountId, long debitLimit, long creditLimit)
    {
        if (debitLimit < 0 || creditLimit < 0)
        {
            return AccountResult.Rejected(InvalidLimit(debitLimit, creditLimit));
        }

        var rejection = FindOpenAccount(accountId, out var account);
        if (rejection is not null)
        {
            return AccountResult.Rejected(rejection);
        }

        if (account.DebitLimit == debitLimit && account.CreditLimit == creditLimit)
        {
            return AccountResult.Accepted(account, isReplay: true);
        }

        if ((Int128)account.Balance - account.PendingDebits < -(Int128)debitLimit
            || (Int128)account.Balance + account.PendingCredits > creditLimit)
        {
            return AccountResult.Rejected(new Rejection(
                RejectionReason.LimitBelowCurrentUsage,
                FormattableString.Invariant(
                    $"Account {accountId} has balance {account.Balance}, pending debits {account.PendingDebits} and pending credits {account.PendingCredits}; limits -{debitLimit}..{creditLimit} would already be breached.")));
        }

        return Accepted(account with { DebitLimit = debitLimit, CreditLimit = creditLimit, Version = account.Version + 1 });
    }

    /// <summary>Stops the account from paying, receiving, or having its holds posted, until unfrozen.</summary>
    public AccountResult Freeze(Guid accountId) => SetStatus(accountId, AccountStatus.Frozen);

    public AccountResult Unfreeze(Guid accountId) => SetStatus(accountId, AccountStatus.Active);

    /// <summary>
    /// Closes a member account for good; only at a zero balance without holds, so no credits vanish, and without
    /// open payment requests (<paramref name="openPaymentRequestIds"/>: the open or accepted requests it pays or is
    /// paid by, which the caller reads), so no obligation is left against an account that can never settle it. An
    /// exchange's own accounts are never closed: closing one would stop its cross-sector trades or fees for good.
    /// </summary>
    public AccountResult Close(Guid accountId, IReadOnlyCollection<Guid>? openPaymentRequestIds = null)
    {
        if (!accounts.TryGetValue(accountId, out var account))
        {
            return AccountResult.Rejected(AccountNotFound(accountId));
        }

        if (account.Status == AccountStatus.Closed)
        {
            return AccountResult.Accepted(account, isReplay: true);
        }

        if (account.Kind != AccountKind.Member)
        {
            return AccountResult.Rejected(new Rejection(
                RejectionReason.SystemAccountCannotBeClosed,
                $"Account {accountId} is the {account.ExchangeId} exchange's {account.Kind.ToString().ToLowerInvariant()} account; only member accounts can be closed."));
        }

        if (account.Balance != 0)
        {
            return AccountResult.Rejected(new Rejection(
                RejectionReason.AccountNotZero,
                FormattableString.Invariant($"Account {accountId} has balance {account.Balance}; only an account at zero can be closed.")));
        }

        if (account.HasOpenHolds)
        {
            return AccountResult.Rejected(new Rejection(RejectionReason.AccountHasOpenHolds, $"Account {accountId} has open holds; post or void them first."));
        }

        if (openPaymentRequestIds is { Count: > 0 } open)
        {
            const int Named = 10;
            var named = string.Join(", ", open.Take(Named));
            var more = open.Count > Named ? FormattableString.Invariant($" and {open.Count - Named} more") : "";
            return AccountResult.Rejected(new Rejection(
                RejectionReason.AccountHasOpenPaymentRequests,
                FormattableString.Invariant($"Account {accountId} is the payer or payee of {open.Count} open or accepted payment request(s): {named}{more}. Each must be paid, declined or cancelled first.")));
        }

        return Accepted(account with { Status = AccountStatus.Closed, Version = account.Version + 1 });
    }

    private AccountResult SetStatus(Guid accountId, AccountStatus status)
    {
        var rejection = FindOpenAccount(accountId, out var account);
        if (rejection is not null)
        {
            return AccountResult.Rejected(rejection);
        }

        return account.Status == status
            ? AccountResult.Accepted(account, isReplay: true)
            : Accepted(account with { Status = status, Version = account.Version + 1 });
    }

    private AccountResult Accepted(AccountState changed)
    {
        PutAccount(changed);
        return AccountResult.Accepted(changed);
    }

    private Rejection? FindOpenAccount(Guid accountId, out AccountState account)
    {
        if (!accounts.TryGetValue(accountId, out account!))
        {
            return AccountNotFound(accountId);
        }

        return account.Status == AccountStatus.Closed
            ? new Rejection(RejectionReason.AccountClosed, $"Account {accountId} is closed.")
            : null;
    }

    private Rejection? CheckOpenAccountShape(OpenAccountRequest request)
    {
        if (request.Id == Guid.Empty)
        {
            return new Rejection(RejectionReason.MissingId, "An account needs a client-supplied id (not the empty GUID).");
        }

        if (string.IsNullOrWhiteSpace(request.ExchangeId)
            || request.ExchangeId.Length > Policy.MaxExchangeIdLength
            || !TextRules.IsStorable(request.ExchangeId))
        {
            return new Rejection(
                RejectionReason.InvalidExchangeId,
                FormattableString.Invariant($"The exchange id must be non-empty storable text of at most {Policy.MaxExchangeIdLength} characters."));
        }

        if (!Enum.IsDefined(request.Kind))
        {
            return new Rejection(RejectionReason.UnknownAccountKind, $"Unknown account kind {(int)request.Kind}.");
        }

        return request.DebitLimit < 0 || request.CreditLimit < 0 ? InvalidLimit(request.DebitLimit, request.CreditLimit) : null;
    }

    private static Rejection InvalidLimit(long debitLimit, long creditLimit) =>
        new(RejectionReason.InvalidLimit, FormattableString.Invariant($"Limits cannot be negative; got debit limit {debitLimit} and credit limit {creditLimit}."));

    private static Rejection AccountNotFound(Guid accountId) =>
        new(RejectionReason.AccountNotFound, $"Account {accountId} does not exist.");
}
