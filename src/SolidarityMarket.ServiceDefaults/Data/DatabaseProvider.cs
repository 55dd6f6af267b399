namespace SolidarityMarket.ServiceDefaults.Data;

/// <summary>The database engines the services run on. Chosen by the <c>Database:Provider</c> setting.</summary>
public enum DatabaseProvider
{
    /// <summary>The embedded default: one SQLite file per service under <c>Storage:Directory</c>.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server: one schema per service (in one database or several).</summary>
    Postgres,

    /// <summary>SQL Server, the production provider: one schema per service.</summary>
    SqlServer,
}
