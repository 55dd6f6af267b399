namespace SolidarityMarket.Ledger.Domain;

/// <summary>The exchanges the marketplace runs, by id (ordinal).</summary>
public sealed class ExchangeDirectory
{
    private readonly Dictionary<string, ExchangeInfo> exchanges = new(StringComparer.Ordinal);

    public ExchangeDirectory(IEnumerable<ExchangeInfo> exchanges)
    {
        ArgumentNullException.ThrowIfNull(exchanges);
        foreach (var exchange in exchanges)
        {
            ArgumentNullException.ThrowIfNull(exchange);
            if (exchange.FeeBasisPoints is < 0 or > FeeCalculator.BasisPointsPerWhole)
            {
                throw new ArgumentOutOfRangeException(nameof(exchanges), exchange.FeeBasisPoints, $"The fee of exchange '{exchange.ExchangeId}' must be 0..10000 basis points.");
            }

            if (!this.exchanges.TryAdd(exchange.ExchangeId, exchange))
            {
                throw new ArgumentException($"Exchange '{exchange.ExchangeId}' is listed twice.", nameof(exchanges));
            }
        }
    }

    public IReadOnlyCollection<ExchangeInfo> Exchanges => exchanges.Values;

    public ExchangeInfo? Find(string exchangeId) => exchanges.GetValueOrDefault(exchangeId);
}
