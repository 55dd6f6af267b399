using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace SolidarityMarket.Ledger.Posting;

/// <summary>
/// Plain SQL for one mapped table. Table and column names, and each column's provider type and value conversion
/// (SQLite keeps GUIDs as text and times as UTC ticks; enums are strings), come from the EF model, so a row written
/// here is byte for byte the row EF would write — without change tracking or one command per row. See
/// docs/adr/0007-batched-sql-write-path.md.
/// </summary>
public sealed class SqlTable
{
    private static readonly ConcurrentDictionary<(IModel, Type), SqlTable> Tables = new();

    private readonly ColumnShape[] _columns;
    private readonly Dictionary<string, ColumnShape> _byProperty;
    private readonly ISqlGenerationHelper _sql;
    private readonly string _insertPrefix;

    private SqlTable(IEntityType type, ISqlGenerationHelper sql)
    {
        _sql = sql;
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        _columns = type.GetProperties()
            .Select(p => new ColumnShape(p.Name, sql.DelimitIdentifier(p.GetColumnName(table)!), p.GetGetter(), p.GetRelationalTypeMapping(), p.IsNullable))
            .ToArray();
        _byProperty = _columns.ToDictionary(c => c.Property, StringComparer.Ordinal);
        Name = sql.DelimitIdentifier(table.Name, table.Schema);
        _insertPrefix = $"INSERT INTO {Name} ({string.Join(", ", _columns.Select(c => c.Sql))}) VALUES ";
    }

    /// <summary>The delimited, schema-qualified table name.</summary>
    public string Name { get; }

    public int ColumnCount => _columns.Length;

    /// <summary>The shape of <paramref name="entity"/>'s table in this context's model; built once per model.</summary>
    public static SqlTable For(DbContext db, Type entity) => Tables.GetOrAdd((db.Model, entity), key =>
        new SqlTable(key.Item1.FindEntityType(key.Item2) ?? throw new ArgumentException($"{key.Item2.Name} is not mapped.", nameof(entity)), db.GetService<ISqlGenerationHelper>()));

    /// <summary>The delimited column name of <paramref name="property"/>.</summary>
    public string Column(string property) => _byProperty[property].Sql;

    public string Quote(string identifier) => _sql.DelimitIdentifier(identifier);

    /// <summary>A parameter holding <paramref name="value"/> exactly as the column of <paramref name="property"/> stores it.</summary>
    public DbParameter Parameter(DbCommand command, string property, string name, object? value)
    {
        var column = _byProperty[property];
        return column.Mapping.CreateParameter(command, name, value, column.Nullable);
    }

    /// <summary>The mapped properties, in column order: the order of <see cref="SingleRowInsert"/>'s parameters.</summary>
    public IEnumerable<string> Properties => _columns.Select(c => c.Property);

    /// <summary><c>INSERT … VALUES (@p0, …)</c> of one row, the parameters in column order.</summary>
    public string SingleRowInsert => InsertText(1);

    /// <summary>The EF type mapping of <paramref name="property"/>'s column.</summary>
    public RelationalTypeMapping MappingOf(string property) => _byProperty[property].Mapping;

    /// <summary>Column <paramref name="column"/>'s value in <paramref name="row"/>, as the column stores it.</summary>
    public object? ProviderValue(int column, object row) => ToProvider(_columns[column], _columns[column].Getter.GetClrValueUsingContainingEntity(row));

    /// <summary>
    /// <paramref name="value"/> as <paramref name="property"/>'s column stores it: the type mapping's value conversion
    /// applied, which is what <see cref="Parameter"/> puts in the parameter's value.
    /// </summary>
    public object? ProviderValue(string property, object? value) => ToProvider(_byProperty[property], value);

    private static object? ToProvider(ColumnShape column, object? value) =>
        value is null ? null : column.Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;

    /// <summary>
    /// PostgreSQL: appends <c>INSERT … SELECT * FROM unnest(@c0, @c1, …)</c>, one array parameter per column holding
    /// that column's provider values of all <paramref name="rows"/>. The statement has as many parameters as the
    /// table has columns whatever the number of rows, so the server parses a short statement instead of a
    /// <c>VALUES</c> list of rows × columns parameters, and its text is the same for every batch.
    /// </summary>
    public void AppendUnnestInsert<T>(StringBuilder text, DbCommand command, IReadOnlyList<T> rows, string prefix)
        where T : class
    {
        text.Append(_insertPrefix, 0, _insertPrefix.Length - "VALUES ".Length).Append("SELECT * FROM unnest(");
        for (var c = 0; c < _columns.Length; c++)
        {
            var column = _columns[c];
            var values = Array.CreateInstance(ElementType(column), rows.Count);
            for (var r = 0; r < rows.Count; r++)
            {
                values.SetValue(ToProvider(column, column.Getter.GetClrValueUsingContainingEntity(rows[r])), r);
            }

            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + prefix + c;
            parameter.Value = values;
            command.Parameters.Add(parameter);
            text.Append(c == 0 ? "@" : ", @").Append(prefix).Append(c);
        }

        text.Append(");\n");
    }

    /// <summary>The array element type of a column's provider values: nullable where the column is.</summary>
    private static Type ElementType(ColumnShape column)
    {
        var type = column.Mapping.Converter?.ProviderClrType ?? column.Mapping.ClrType;
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsValueType && column.Nullable ? typeof(Nullable<>).MakeGenericType(type) : type;
    }

    private string InsertText(int rows)
    {
        var text = new StringBuilder(_insertPrefix);
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < _columns.Length; c++)
            {
                text.Append(c == 0 ? "@p" : ", @p").Append(r * _columns.Length + c);
            }

            text.Append(')');
        }

        return text.ToString();
    }

    private sealed record ColumnShape(string Property, string Sql, IClrPropertyGetter Getter, RelationalTypeMapping Mapping, bool Nullable);
}
