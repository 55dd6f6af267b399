using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SolidarityMarket.Ledger.Posting;

/// <summary>
/// One SQLite statement prepared once on the writer's connection and executed once per row, its values bound by
/// position straight through SQLitePCL. Why not a <see cref="SqliteCommand"/>: on every execution
/// Microsoft.Data.Sqlite looks each parameter up by name (<c>sqlite3_bind_parameter_index</c>, the name marshalled
/// to UTF-8 each time), which was ≈40% of the writer's INSERT time (docs/performance.md, "Where the CPU goes").
/// Here the positions are resolved once, when the statement is prepared.
/// <para>
/// Values are bound exactly as Microsoft.Data.Sqlite binds them (GUIDs as upper-case text unless the parameter is
/// a BLOB, integers as INTEGER, byte arrays as BLOB); the caller passes provider values, already converted by the
/// EF type mapping (<see cref="SqlTable.ProviderValue"/>). The statement runs on the connection's open transaction
/// — SQLite has one transaction per connection — so it commits or rolls back with the rest of the batch.
/// </para>
/// </summary>
public sealed class SqliteRowStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int[] _positions;
    private readonly string _sql;

    /// <param name="parameters">The statement's parameter names, in the order values are passed to <see cref="Bind"/>.</param>
    public SqliteRowStatement(SqliteConnection connection, string sql, IReadOnlyList<string> parameters)
    {
        _sql = sql;
        _db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
        _positions = new int[parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            _positions[i] = raw.sqlite3_bind_parameter_index(_statement, parameters[i]);
            if (_positions[i] == 0)
            {
                throw new ArgumentException($"Parameter {parameters[i]} is not in the statement: {sql}", nameof(parameters));
            }
        }
    }

    /// <summary>Binds the provider value of parameter number <paramref name="parameter"/> (in the constructor's order).</summary>
    public void Bind(int parameter, object? value, SqliteType type)
    {
        var position = _positions[parameter];
        var rc = value switch
        {
            null or DBNull => raw.sqlite3_bind_null(_statement, position),
            string text => raw.sqlite3_bind_text(_statement, position, text),
            long number => raw.sqlite3_bind_int64(_statement, position, number),
            int number => raw.sqlite3_bind_int64(_statement, position, number),
            short number => raw.sqlite3_bind_int64(_statement, position, number),
            byte number => raw.sqlite3_bind_int64(_statement, position, number),
            bool flag => raw.sqlite3_bind_int64(_statement, position, flag ? 1 : 0),
            byte[] bytes => raw.sqlite3_bind_blob(_statement, position, bytes),
            Guid id when type == SqliteType.Blob => raw.sqlite3_bind_blob(_statement, position, id.ToByteArray()),
            Guid id => raw.sqlite3_bind_text(_statement, position, id.ToString().ToUpperInvariant()),
            double real when !double.IsNaN(real) => raw.sqlite3_bind_double(_statement, position, real),

            // Anything else would need Microsoft.Data.Sqlite's rules for it; no ledger column has such a type.
            _ => throw new NotSupportedException($"{value.GetType().Name} values are not bound by {nameof(SqliteRowStatement)} ({_sql})."),
        };
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    /// <summary>Runs the statement with the values bound and returns the number of rows it changed.</summary>
    public int Execute()
    {
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc == raw.SQLITE_ROW)
            {
                throw new InvalidOperationException($"A row statement returned rows: {_sql}");
            }

            if (rc != raw.SQLITE_DONE)
            {
                // A constraint violation or I/O error: the same SqliteException a SqliteCommand would throw, so
                // the writer rolls the batch back (and retries it) exactly as before.
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();
}
