namespace SolidarityMarket.Ledger.Domain;

/// <summary>The outcome of an account command: the account's new state, or why nothing changed.</summary>
public sealed class AccountResult
{
    private AccountResult(AccountState? account, Rejection? rejection, bool isReplay)
    {
        Account = account;
        Rejection = rejection;
        IsReplay = isReplay;
    }

    public AccountState? Account { get; }

    public Rejection? Rejection { get; }

    /// <summary>The command asked for what already was (e.g. opening an identical account again); nothing changed.</summary>
    public bool IsReplay { get; }

    public bool IsAccepted => Rejection is null;

    public static AccountResult Accepted(AccountState account, bool isReplay = false) => new(account, null, isReplay);

    public static AccountResult Rejected(Rejection rejection) => new(null, rejection, false);

    public override string ToString() => IsAccepted ? $"Accepted {Account}" : $"Rejected {Rejection}";
}
