using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Search;

/// <summary>
/// A search's facet cube on SQLite (<see cref="FacetCells"/>), read with plain ADO.NET on a pooled connection of its
/// own, so that <see cref="ListingSearch"/> can run it at the same time as the page on the request's
/// <c>DbContext</c> (two statements, two cores; docs/performance.md "Catalog search"). Exact, and the same cells in
/// the same order as reading the counts every time (docs/adr/0014-facet-counts-in-memory.md):
/// <list type="bullet">
/// <item>The trigger-kept <c>ListingFacetCounts</c> (every cell's values and count) are kept in memory per database
/// as a <see cref="Snapshot"/> under the database's random id and the counts' version from <c>ListingFacetState</c>,
/// which the facet triggers bump in the same transaction as the counts. Each search reads that one row; the counts
/// only when the version moved (or another database sits at the same path), all in one read transaction.</item>
/// <item>No words: the snapshot's counts per combination of the four values other than the certificate's end
/// (kept in key order, so in the order the grouping statement gave), split into certified and not against the clock.</item>
/// <item>Words: the FTS5 matches' cell numbers (only the newest matches up to the match limit, when a relevance search
/// reached it: rowids after <c>beyondRowId</c>), read from the narrow <c>ListingFacetKeys</c> (one small row per
/// published listing, which also keeps only published listings) and counted here, then given their values from the
/// snapshot. A cell number never changes meaning in a database (cells are only added), so a snapshot of an older
/// version still names every cell it holds; one unknown to it means new cells, and the snapshot is read again. Counting
/// here spares SQLite the sort of its <c>GROUP BY</c> and the join back to the values (half the cube's CPU).</item>
/// </list>
/// A read needs none of the write-side pragmas (<c>SqliteDurabilityInterceptor</c>): WAL is a property of the file,
/// and Microsoft.Data.Sqlite retries a busy statement until the connection string's default timeout.
/// </summary>
internal static class SqliteFacetCells
{
    private const string StateSql = $"""SELECT "Id", "Version" FROM "{CatalogSearchSql.FacetStateTable}" """;

    // One statement: the version and the counts it stands for. Key order puts each group of the four values other
    // than the certificate's end together. LEFT JOIN: an empty catalog still reports its version.
    private const string SnapshotSql = $"""
        SELECT s."Id", s."Version", c."Cell", c."Sector", c."Region", c."AcceptsCredits", c."PriceBand", c."CertifiedUntil", c."Count"
        FROM "{CatalogSearchSql.FacetStateTable}" AS s LEFT JOIN "{CatalogSearchSql.FacetTable}" AS c
        ORDER BY c."Sector", c."Region", c."AcceptsCredits", c."PriceBand", c."CertifiedUntil"
        """;

    // rowid > 0 when there is no limit: every rowid is positive, and the SQL text stays the same.
    private const string MatchedSql = $"""
        SELECT k."Cell" FROM "{CatalogSearchSql.FtsTable}" CROSS JOIN "{CatalogSearchSql.FacetKeyTable}" AS k ON k."ListingRowId" = "{CatalogSearchSql.FtsTable}".rowid
        WHERE "{CatalogSearchSql.FtsTable}" MATCH $match AND "{CatalogSearchSql.FtsTable}".rowid > $after
        """;

    // Databases by connection string; bounded, as tests open many (a cleared cache is only read again).
    private const int MaxCachedDatabases = 32;
    private static readonly ConcurrentDictionary<string, Snapshot> Snapshots = new(StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, long> Reads = new(StringComparer.Ordinal);

    /// <summary>How many times this database's counts were read (not served from memory) in this process; for tests.</summary>
    internal static long SnapshotReadsOf(string connectionString) => Reads.GetValueOrDefault(connectionString);

    /// <summary>One cell: its facet values and the certificate end (UTC ticks, 0 for none), and its count.</summary>
    internal sealed record CellValues(string Sector, string Region, bool AcceptsCredits, int PriceBand, long CertifiedUntil, int Count);

    /// <summary>The counts of one database at one version; immutable once built, shared by concurrent searches.</summary>
    internal sealed class Snapshot(byte[] id, long version, List<CellValues> inKeyOrder, CellValues?[] byNumber)
    {
        public byte[] Id { get; } = id;

        public long Version { get; } = version;

        /// <summary>The cells in key order (sector, region, credits, band, certificate end).</summary>
        public List<CellValues> InKeyOrder { get; } = inKeyOrder;

        /// <summary>The cells by number (index); null where none.</summary>
        public CellValues?[] ByNumber { get; } = byNumber;

        public bool Is(byte[] otherId) => Id.AsSpan().SequenceEqual(otherId);
    }

    public static async Task<List<FacetCube.Cell>> LoadAsync(
        string connectionString, IReadOnlyList<string> words, DateTimeOffset now, long? beyondRowId, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        // One read transaction: the state row, the matches and (when read) the counts come from one snapshot of the file.
        await using var read = connection.BeginTransaction(deferred: true);
        var (id, version) = await StateAsync(connection, ct);
        Snapshots.TryGetValue(connectionString, out var snapshot);
        if (words.Count == 0)
        {
            if (snapshot is null || snapshot.Version != version || !snapshot.Is(id))
            {
                snapshot = await ReadSnapshotAsync(connection, connectionString, ct);
            }

            return Stored(snapshot, now.UtcTicks);
        }

        if (snapshot is not null && !snapshot.Is(id))
        {
            snapshot = null;
        }

        var counts = await MatchedCountsAsync(connection, words, beyondRowId, ct);
        if (snapshot is null || !Knows(snapshot, counts))
        {
            snapshot = await ReadSnapshotAsync(connection, connectionString, ct);
        }

        return Matched(snapshot, counts, now.UtcTicks);
    }

    private static async Task<(byte[] Id, long Version)> StateAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = StateSql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException($"\"{CatalogSearchSql.FacetStateTable}\" has no row: the SearchFacetState migration was not applied.");
        }

        return ((byte[])reader.GetValue(0), reader.GetInt64(1));
    }

    private static async Task<Snapshot> ReadSnapshotAsync(SqliteConnection connection, string connectionString, CancellationToken ct)
    {
        Reads.AddOrUpdate(connectionString, 1, (_, n) => n + 1);
        await using var command = connection.CreateCommand();
        command.CommandText = SnapshotSql;
        byte[] id = [];
        long version = 0;
        var cells = new List<CellValues>();
        var byNumber = new List<CellValues?>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                id = (byte[])reader.GetValue(0);
                version = reader.GetInt64(1);
                if (reader.IsDBNull(2))
                {
                    continue;
                }

                var cell = new CellValues(
                    reader.GetString(3), reader.GetString(4), reader.GetBoolean(5), reader.GetInt32(6), reader.GetInt64(7), reader.GetInt32(8));
                cells.Add(cell);
                var number = reader.GetInt32(2);
                while (byNumber.Count <= number)
                {
                    byNumber.Add(null);
                }

                byNumber[number] = cell;
            }
        }

        var snapshot = new Snapshot(id, version, cells, [.. byNumber]);
        if (Snapshots.Count >= MaxCachedDatabases)
        {
            Snapshots.Clear();
        }

        // The one just read replaces the cached one even when that has a higher version: a concurrent search that read
        // a newer version then only reads again, whereas keeping a higher version could later serve it for a database
        // restored from a backup (same id, versions counting up again from an older number).
        Snapshots[connectionString] = snapshot;
        return snapshot;
    }

    /// <summary>How many matches fall in each cell, by cell number (index).</summary>
    private static async Task<int[]> MatchedCountsAsync(SqliteConnection connection, IReadOnlyList<string> words, long? beyondRowId, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = MatchedSql;
        command.Parameters.AddWithValue("$match", SearchWords.ToFts5(words));
        command.Parameters.AddWithValue("$after", beyondRowId ?? 0);
        var counts = new int[64];
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var cell = reader.GetInt32(0);
            if (cell >= counts.Length)
            {
                Array.Resize(ref counts, Math.Max(cell + 1, counts.Length * 2));
            }

            counts[cell]++;
        }

        return counts;
    }

    private static bool Knows(Snapshot snapshot, int[] counts)
    {
        for (var cell = 0; cell < counts.Length; cell++)
        {
            if (counts[cell] > 0 && (cell >= snapshot.ByNumber.Length || snapshot.ByNumber[cell] is null))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The matches' cells in cell-number order, as the grouping statement gave them.</summary>
    private static List<FacetCube.Cell> Matched(Snapshot snapshot, int[] counts, long nowTicks)
    {
        var cells = new List<FacetCube.Cell>();
        for (var number = 0; number < counts.Length; number++)
        {
            if (counts[number] > 0)
            {
                var v = snapshot.ByNumber[number]!;
                cells.Add(new FacetCube.Cell(v.Sector, v.Region, v.CertifiedUntil > nowTicks, v.AcceptsCredits, v.PriceBand, counts[number]));
            }
        }

        return cells;
    }

    /// <summary>
    /// Every published listing's counts per combination of the four values other than the certificate's end (runs of
    /// the key order), split into certified and not against the clock, zero counts left out.
    /// </summary>
    private static List<FacetCube.Cell> Stored(Snapshot snapshot, long nowTicks)
    {
        var groups = new List<FacetCells.CertifiedSplit>();
        var all = snapshot.InKeyOrder;
        for (var start = 0; start < all.Count;)
        {
            var first = all[start];
            int certified = 0, other = 0, end = start;
            for (; end < all.Count && SameGroup(first, all[end]); end++)
            {
                if (all[end].CertifiedUntil > nowTicks)
                {
                    certified += all[end].Count;
                }
                else
                {
                    other += all[end].Count;
                }
            }

            groups.Add(new FacetCells.CertifiedSplit(first.Sector, first.Region, first.AcceptsCredits, first.PriceBand, certified, other));
            start = end;
        }

        return FacetCells.Split(groups);
    }

    private static bool SameGroup(CellValues a, CellValues b) =>
        a.PriceBand == b.PriceBand && a.AcceptsCredits == b.AcceptsCredits && string.Equals(a.Region, b.Region, StringComparison.Ordinal)
        && string.Equals(a.Sector, b.Sector, StringComparison.Ordinal);
}
