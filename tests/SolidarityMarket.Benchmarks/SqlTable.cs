using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// Plain SQL for one table, on whatever provider the context uses: table and column names, and each column's
/// provider type and value conversion (SQLite stores GUIDs as text and times as UTC ticks; enums are strings), are
/// taken from the EF model, so the rows written are exactly the rows EF would write — but the statements are
/// hand-built <c>INSERT … VALUES (…), (…), …</c> run through ADO.NET with no change tracking. A command per
/// statement size is kept and re-executed with new values, so each provider prepares (parses) it once.
/// </summary>
public sealed class SqlTable : IAsyncDisposable
{
    private readonly Column[] _columns;
    private readonly string _insertPrefix;
    private readonly ISqlGenerationHelper _sql;
    private readonly Dictionary<int, DbCommand> _inserts = [];

    public SqlTable(DbContext db, Type entity)
    {
        var type = db.Model.FindEntityType(entity) ?? throw new ArgumentException($"{entity.Name} is not mapped.", nameof(entity));
        _sql = db.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        _columns = type.GetProperties()
            .Select(p => new Column(p.GetColumnName(table)!, p.GetGetter(), p.GetRelationalTypeMapping(), p.IsNullable))
            .ToArray();
        Name = _sql.DelimitIdentifier(table.Name, table.Schema);
        _insertPrefix = $"INSERT INTO {Name} ({string.Join(", ", _columns.Select(c => _sql.DelimitIdentifier(c.Name)))}) VALUES ";
    }

    /// <summary>The delimited, schema-qualified table name.</summary>
    public string Name { get; }

    public int ColumnCount => _columns.Length;

    public string Quote(string identifier) => _sql.DelimitIdentifier(identifier);

    /// <summary>The parameter for <paramref name="value"/> as the column <paramref name="property"/> of this table stores it.</summary>
    public DbParameter Parameter(DbCommand command, string property, string name, object? value)
    {
        var column = _columns.Single(c => c.Name == property);
        return column.Mapping.CreateParameter(command, name, value, column.Nullable);
    }

    /// <summary>Inserts <paramref name="rows"/>, <paramref name="rowsPerStatement"/> rows per INSERT statement.</summary>
    public async Task InsertAsync<T>(DbConnection connection, DbTransaction transaction, IReadOnlyList<T> rows, int rowsPerStatement)
        where T : class
    {
        for (var start = 0; start < rows.Count; start += rowsPerStatement)
        {
            var count = Math.Min(rowsPerStatement, rows.Count - start);
            if (!_inserts.TryGetValue(count, out var command))
            {
                command = connection.CreateCommand();
                var text = new StringBuilder(_insertPrefix);
                for (var r = 0; r < count; r++)
                {
                    text.Append(r == 0 ? "(" : ", (");
                    text.AppendJoin(", ", Enumerable.Range(0, _columns.Length).Select(c => $"@p{r * _columns.Length + c}"));
                    text.Append(')');
                }

                command.CommandText = text.ToString();
                _inserts[count] = command;
            }

            command.Transaction = transaction;
            var n = 0;
            for (var r = start; r < start + count; r++)
            {
                foreach (var column in _columns)
                {
                    Bind(command, n, column.Mapping.CreateParameter(command, "@p" + n, column.Getter.GetClrValueUsingContainingEntity(rows[r]), column.Nullable));
                    n++;
                }
            }

            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// Puts <paramref name="fresh"/> at <paramref name="index"/> of a re-executed command: added the first time, after
    /// that only its value is copied into the parameter already there. Clearing and re-adding the parameters of a
    /// command Npgsql had prepared automatically (ADR 0021) re-sent the first execution's values: the raw scenario
    /// failed on its second batch with a duplicate key (2026-11-29).
    /// </summary>
    public static void Bind(DbCommand command, int index, DbParameter fresh)
    {
        if (index < command.Parameters.Count)
        {
            command.Parameters[index].Value = fresh.Value;
        }
        else
        {
            command.Parameters.Add(fresh);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _inserts.Values)
        {
            await command.DisposeAsync();
        }

        _inserts.Clear();
    }

    private sealed record Column(string Name, IClrPropertyGetter Getter, RelationalTypeMapping Mapping, bool Nullable);
}
