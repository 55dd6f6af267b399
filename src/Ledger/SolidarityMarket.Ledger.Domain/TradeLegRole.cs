namespace SolidarityMarket.Ledger.Domain;

public enum TradeLegRole
{
    /// <summary>Payer to payee, same exchange.</summary>
    Trade = 0,

    /// <summary>Cross-sector, in the payer's exchange: payer to that exchange's clearing account.</summary>
    PayerToClearing = 1,

    /// <summary>Cross-sector, in the payee's exchange: that exchange's clearing account to the payee.</summary>
    ClearingToPayee = 2,

    /// <summary>Payer to its exchange's operating account.</summary>
    Fee = 3,
}
