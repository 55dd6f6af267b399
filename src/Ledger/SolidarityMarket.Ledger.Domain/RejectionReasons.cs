namespace SolidarityMarket.Ledger.Domain;

public static class RejectionReasons
{
    public static RejectionCategory CategoryOf(RejectionReason reason) => reason switch
    {
        RejectionReason.AccountNotFound or RejectionReason.PendingNotFound or RejectionReason.OriginalNotFound
            or RejectionReason.UnknownExchange => RejectionCategory.NotFound,
        RejectionReason.IdAlreadyUsedWithDifferentFields or RejectionReason.IdAlreadyUsedInAnotherBatch
            or RejectionReason.PendingAlreadyPosted or RejectionReason.PendingAlreadyVoided
            or RejectionReason.PendingAlreadyExpired or RejectionReason.AlreadyReversed
            or RejectionReason.BalanceChangedSinceExpected => RejectionCategory.Conflict,
        < RejectionReason.AccountNotFound => RejectionCategory.InvalidRequest,
        _ => RejectionCategory.RuleViolation,
    };
}
