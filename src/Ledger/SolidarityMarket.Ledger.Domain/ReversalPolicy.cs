namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// Who may reverse a posted transfer: administrators always; the payee of the original (who received the
/// credits and so may give them back) within a window after posting; nobody else.
/// </summary>
public static class ReversalPolicy
{
    /// <returns>null when permitted, otherwise the reason.</returns>
    public static Rejection? Check(RequesterRole role, DateTimeOffset originalPostedAt, TimeSpan payeeWindow, DateTimeOffset now) => role switch
    {
        RequesterRole.Administrator => null,
        RequesterRole.Payee when now <= originalPostedAt + payeeWindow => null,
        RequesterRole.Payee => new Rejection(
            RejectionReason.ReversalWindowClosed,
            FormattableString.Invariant($"The payee may reverse only until {originalPostedAt + payeeWindow:O}; ask an administrator.")),
        _ => new Rejection(RejectionReason.ReversalNotPermitted, "Only an administrator or the payee of the original transfer may reverse it."),
    };
}
