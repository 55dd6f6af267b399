namespace SolidarityMarket.Ledger.Domain;

/// <summary>What an account is for. Every exchange has one operating, one clearing and one reserve account.</summary>
public enum AccountKind
{
    /// <summary>Owned by a member (a co-op or an individual); the accounts that trade.</summary>
    Member = 0,

    /// <summary>Receives the exchange's fees and levies.</summary>
    Operating = 1,

    /// <summary>The exchange's side of cross-sector trade; its limits are the exchange's imbalance caps.</summary>
    Clearing = 2,

    /// <summary>Absorbs write-offs.</summary>
    Reserve = 3,
}
