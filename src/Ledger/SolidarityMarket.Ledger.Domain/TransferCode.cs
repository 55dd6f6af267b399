namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// Why credits moved. The numeric values are part of the journal's hashed encoding:
/// never renumber a member, only add new ones.
/// </summary>
public enum TransferCode
{
    /// <summary>A member paying another member of the same exchange.</summary>
    Trade = 1,

    /// <summary>A fee charged to the payer of a trade, credited to the exchange's operating account.</summary>
    Fee = 2,

    /// <summary>Clearing of obligations (payment requests, periodic settlement).</summary>
    Settlement = 3,

    /// <summary>A correction: the opposite of an earlier transfer. Only the ledger creates transfers with this code.</summary>
    Reversal = 4,

    /// <summary>A leg of a cross-sector trade, through an exchange's clearing account.</summary>
    Clearing = 5,

    /// <summary>A periodic levy (e.g. a demurrage or membership contribution) to the operating account.</summary>
    Levy = 6,

    /// <summary>A debt written off against the reserve account.</summary>
    WriteOff = 7,

    /// <summary>An administrative adjustment between system accounts.</summary>
    Adjustment = 8,
}
