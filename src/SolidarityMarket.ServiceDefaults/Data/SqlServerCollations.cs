namespace SolidarityMarket.ServiceDefaults.Data;

/// <summary>Collations the SQL Server contexts give some columns (SQLite and PostgreSQL compare text exactly already).</summary>
public static class SqlServerCollations
{
    /// <summary>
    /// Exact, binary comparison for client idempotency keys and external (Stripe) ids. Those are case-sensitive ("abc"
    /// and "ABC" are different keys; Stripe's ids are base62), but SQL Server's usual default collation
    /// (SQL_Latin1_General_CP1_CI_AS) compares text case-insensitively, so lookups, unique indexes and de-duplication
    /// on such columns would take two different values for one.
    /// </summary>
    public const string ExactKeys = "Latin1_General_100_BIN2";
}
