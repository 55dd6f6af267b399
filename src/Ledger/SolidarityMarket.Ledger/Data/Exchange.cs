namespace SolidarityMarket.Ledger.Data;

/// <summary>
/// An exchange (one per sector by default) with its system accounts and its journal head: the sequence and hash
/// of the last posted entry. The head row is also the exchange's write lock: every batch that posts in an
/// exchange locks its head first, so two ledger processes never fork the chain.
/// </summary>
public sealed class Exchange
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Name of the unit, e.g. "credits"; amounts are in hundredths of it.</summary>
    public string Unit { get; set; } = "credits";

    public int FeeBasisPoints { get; set; }

    public Guid OperatingAccountId { get; set; }

    public Guid ClearingAccountId { get; set; }

    public Guid ReserveAccountId { get; set; }

    public long LastSequence { get; set; }

    public byte[] LastHash { get; set; } = new byte[32];
}
