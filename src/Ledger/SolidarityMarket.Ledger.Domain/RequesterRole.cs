namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// Who is asking, as far as the money rules care. Only reversals depend on it; the application layer decides
/// which role a caller has (it knows who owns which account).
/// </summary>
public enum RequesterRole
{
    /// <summary>Anyone else, including the payer of the transfer to reverse. The safe default.</summary>
    Other = 0,

    /// <summary>The owner of the account that received the original transfer.</summary>
    Payee = 1,

    /// <summary>An administrator of the marketplace.</summary>
    Administrator = 2,
}
