using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Catalog;

namespace SolidarityMarket.Web.Members;

/// <summary>
/// A payment the ledger refused, worded for the member who tried it. The ledger's own detail names accounts by id
/// and amounts in hundredths (it is written for API clients); the reasons a member can meet are put in their terms,
/// any other is shown as the ledger gave it.
/// </summary>
public static class PaymentRefusal
{
    public static IReadOnlyList<string> Explain<T>(ApiAnswer<T> answer, LedgerAccount payer, Guid payee)
        where T : class
    {
        var detail = answer.Errors.Count > 0 ? answer.Errors[0] : "";
        bool Names(Guid account) => detail.Contains(account.ToString(), StringComparison.OrdinalIgnoreCase);
        string? message = answer.Reason switch
        {
            "ExceedsDebitLimit" when Names(payer.Id) =>
                $"This payment would take your account below its limit: you can spend at most {Display.Credits(payer.AvailableToSpend)} from it now.",
            "ExceedsCreditLimit" when Names(payee) =>
                "The member you are paying cannot receive that much now: it would take their account above its limit.",
            "ExceedsDebitLimit" or "ExceedsCreditLimit" =>
                "Trade between these two sectors is at its limit for now (the exchanges' clearing accounts). Try a smaller amount, or ask an administrator.",
            "AccountFrozen" when Names(payer.Id) => "Your account is frozen: it cannot pay until an administrator unfreezes it.",
            "AccountFrozen" => "The account you are paying is frozen and cannot receive payments.",
            "AccountClosed" => "The account you are paying is closed.",
            "AccountNotFound" => "There is no account with that number. Check it with the member you are paying.",
            "DifferentExchanges" => "These two accounts cannot trade with each other.",
            _ when answer.Status == 404 => "There is no account with that number. Check it with the member you are paying.",
            _ => null,
        };
        return message is not null ? [message] : answer.Errors.Count > 0 ? answer.Errors : ["The ledger refused this payment."];
    }
}
