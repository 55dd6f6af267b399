namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// The one place where balances and hold totals change. Works in 128-bit arithmetic so that no intermediate
/// value can overflow, then refuses any result that does not fit a <see cref="long"/>.
/// </summary>
internal static class AccountMath
{
    /// <summary>
    /// Applies the deltas to one account, enforcing its limits counting holds. A limit is only checked when the
    /// change makes that side worse, so releasing a hold or posting less than was held never fails.
    /// </summary>
    /// <returns>null and the new state (version + 1), or why not.</returns>
    public static Rejection? TryApply(
        AccountState account, long balanceDelta, long pendingDebitsDelta, long pendingCreditsDelta, out AccountState updated)
    {
        updated = account;
        var balance = (Int128)account.Balance + balanceDelta;
        var pendingDebits = (Int128)account.PendingDebits + pendingDebitsDelta;
        var pendingCredits = (Int128)account.PendingCredits + pendingCreditsDelta;

        // Floor: balance - pending debits >= -debit limit.
        var floorPositionBefore = (Int128)account.Balance - account.PendingDebits;
        var floorPositionAfter = balance - pendingDebits;
        if (floorPositionAfter < floorPositionBefore && floorPositionAfter < -(Int128)account.DebitLimit)
        {
            return new Rejection(
                RejectionReason.ExceedsDebitLimit,
                FormattableString.Invariant(
                    $"Account {account.Id} may go down to -{account.DebitLimit}; this would take it to {floorPositionAfter} counting holds (available to spend: {account.AvailableToSpend})."));
        }

        // Ceiling: balance + pending credits <= credit limit.
        var ceilingPositionBefore = (Int128)account.Balance + account.PendingCredits;
        var ceilingPositionAfter = balance + pendingCredits;
        if (ceilingPositionAfter > ceilingPositionBefore && ceilingPositionAfter > account.CreditLimit)
        {
            return account.CreditLimit == AccountState.NoCeiling
                ? OverflowOf(account)
                : new Rejection(
                    RejectionReason.ExceedsCreditLimit,
                    FormattableString.Invariant(
                        $"Account {account.Id} may hold at most {account.CreditLimit}; this would take it to {ceilingPositionAfter} counting holds (room to receive: {account.RoomToReceive})."));
        }

        if (!FitsLong(balance) || !FitsLong(pendingDebits) || !FitsLong(pendingCredits))
        {
            return OverflowOf(account);
        }

        if (pendingDebits < 0 || pendingCredits < 0)
        {
            // Releasing more than is held can only mean the loaded state is inconsistent: a bug, not a user error.
            throw new InvalidOperationException($"Account {account.Id} would hold negative pending totals; its loaded state does not match its holds.");
        }

        updated = account with
        {
            Balance = (long)balance,
            PendingDebits = (long)pendingDebits,
            PendingCredits = (long)pendingCredits,
            Version = account.Version + 1,
        };
        return null;
    }

    private static bool FitsLong(Int128 value) => value >= long.MinValue && value <= long.MaxValue;

    private static Rejection OverflowOf(AccountState account) =>
        new(RejectionReason.Overflow, $"Account {account.Id} would exceed the largest representable amount.");
}
