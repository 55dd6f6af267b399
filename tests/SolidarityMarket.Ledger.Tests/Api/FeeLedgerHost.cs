using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Exchanges;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>Three exchanges: food charges 100 bp, housing 150 bp, care nothing.</summary>
public class FeeLedgerHost : LedgerHost
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => new Dictionary<string, string?>
    {
        ["Ledger:Exchanges:0:Id"] = "food",
        ["Ledger:Exchanges:0:FeeBasisPoints"] = "100",
        ["Ledger:Exchanges:1:Id"] = "care",
        ["Ledger:Exchanges:2:Id"] = "housing",
        ["Ledger:Exchanges:2:FeeBasisPoints"] = "150",
    };

    public static Guid Operating(string exchange) => SetUpExchanges.SystemAccountId(exchange, AccountKind.Operating);

    public static Guid Clearing(string exchange) => SetUpExchanges.SystemAccountId(exchange, AccountKind.Clearing);
}
