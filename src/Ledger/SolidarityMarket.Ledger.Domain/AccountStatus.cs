namespace SolidarityMarket.Ledger.Domain;

/// <summary>Whether an account may take part in new money movements.</summary>
public enum AccountStatus
{
    /// <summary>Trades normally.</summary>
    Active = 0,

    /// <summary>
    /// Neither pays nor receives, and its holds cannot be posted; holds can still be voided or expire,
    /// because releasing a reservation never hurts anyone. Reversible by <see cref="LedgerBook.Unfreeze"/>.
    /// </summary>
    Frozen = 1,

    /// <summary>Terminal. Only reachable at a zero balance with no holds, so closing never destroys credits.</summary>
    Closed = 2,
}
