namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// The end of one exchange's hash chain: the last sequence number and hash. The next entry continues from here.
/// An exchange without entries is at <see cref="Genesis"/>.
/// </summary>
public readonly record struct JournalHead(string ExchangeId, long LastSequence, Hash256 LastHash)
{
    public static JournalHead Genesis(string exchangeId) => new(exchangeId, 0, Hash256.Zero);
}
