using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.ArchitectureTests;

/// <summary>
/// Money is stored as <c>long</c> minor units: no entity property of any service is decimal, double or float — not
/// in the CLR, not after a value converter, not as a column type. The models are built from the design-time
/// factories; no database is opened.
/// </summary>
public sealed partial class StorageMoneyTests
{
    private static readonly HashSet<Type> FloatingPoint = [typeof(decimal), typeof(double), typeof(float), typeof(Half)];

    private static readonly Dictionary<string, Func<DbContext>> Contexts = new()
    {
        ["Auth/Sqlite"] = () => new AuthSqliteDesignFactory().CreateDbContext([]),
        ["Auth/Postgres"] = () => new AuthPostgresDesignFactory().CreateDbContext([]),
        ["Auth/SqlServer"] = () => new AuthSqlServerDesignFactory().CreateDbContext([]),
        ["Catalog/Sqlite"] = () => new CatalogSqliteDesignFactory().CreateDbContext([]),
        ["Catalog/Postgres"] = () => new CatalogPostgresDesignFactory().CreateDbContext([]),
        ["Catalog/SqlServer"] = () => new CatalogSqlServerDesignFactory().CreateDbContext([]),
        ["Ordering/Sqlite"] = () => new OrderingSqliteDesignFactory().CreateDbContext([]),
        ["Ordering/Postgres"] = () => new OrderingPostgresDesignFactory().CreateDbContext([]),
        ["Ordering/SqlServer"] = () => new OrderingSqlServerDesignFactory().CreateDbContext([]),
        ["Ledger/Sqlite"] = () => new LedgerSqliteDesignFactory().CreateDbContext([]),
        ["Ledger/Postgres"] = () => new LedgerPostgresDesignFactory().CreateDbContext([]),
        ["Ledger/SqlServer"] = () => new LedgerSqlServerDesignFactory().CreateDbContext([]),
    };

    public static TheoryData<string> ContextNames => new(Contexts.Keys);

    [GeneratedRegex(@"^\s*(decimal|numeric|real|float|double|money|smallmoney)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FloatingStoreType();

    [Theory]
    [MemberData(nameof(ContextNames))]
    public void No_entity_property_is_stored_as_decimal_double_or_float(string context)
    {
        using var db = Contexts[context]();
        var model = db.GetService<IDesignTimeModel>().Model;
        var problems = new List<string>();
        var properties = 0;
        foreach (var entity in model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                properties++;
                var clr = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
                var mapping = property.FindRelationalTypeMapping();
                var provider = property.GetValueConverter()?.ProviderClrType ?? mapping?.Converter?.ProviderClrType ?? clr;
                provider = Nullable.GetUnderlyingType(provider) ?? provider;
                var storeType = property.GetColumnType() ?? mapping?.StoreType ?? "";
                if (FloatingPoint.Contains(clr) || FloatingPoint.Contains(provider) || FloatingStoreType().IsMatch(storeType))
                {
                    problems.Add($"{entity.DisplayName()}.{property.Name}: CLR {property.ClrType.Name}, stored as {provider.Name} '{storeType}'");
                }
            }
        }

        Assert.True(properties > 0, $"{context} has no entity properties; the model was not built.");
        Assert.True(problems.Count == 0, "Money is long minor units, never decimal/double/float in storage:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
    }
}
