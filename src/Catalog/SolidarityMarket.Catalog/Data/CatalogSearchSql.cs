namespace SolidarityMarket.Catalog.Data;

/// <summary>
/// The search structures EF Core does not model, created by each provider's <c>Search</c> migration
/// (docs/adr/0006-catalog-search.md):
/// <list type="bullet">
/// <item>every provider: a trigger on <c>Vendors</c> that copies a vendor's name, region and certificate end into
/// its listings' search columns whenever they change, in the same statement, whatever code changed them;</item>
/// <item>SQLite: an FTS5 index over the listings' title, description and vendor name (external content: the text
/// stays in <c>Listings</c>), kept in step by triggers on <c>Listings</c>;</item>
/// <item>PostgreSQL: a weighted <c>tsvector</c> generated column with a GIN index;</item>
/// <item>SQLite and PostgreSQL: <c>ListingFacetCounts</c>, the number of published listings per combination of facet
/// values, kept by triggers on <c>Listings</c>, so a search without words reads a few thousand counts instead of
/// grouping every published listing;</item>
/// <item>SQL Server: nothing more — full-text needs a full-text catalog, which cannot be created or tested here,
/// so search there falls back to <c>LIKE</c> over the same three columns.</item>
/// </list>
/// </summary>
public static class CatalogSearchSql
{
    public const string VendorTrigger = "TR_Vendors_CopyToListings";
    public const string ListingTrigger = "TR_Listings_Search_Update";
    public const string FtsTable = "ListingsFts";
    public const string FacetTable = "ListingFacetCounts";
    public const string FacetKeyTable = "ListingFacetKeys";
    public const string FacetStateTable = "ListingFacetState";

    private const string S = CatalogDbContext.SchemaName;

    public static readonly string[] SqliteUp =
    [
        // porter: English stemming (loaf/loaves), like PostgreSQL's 'english' configuration.
        $"""CREATE VIRTUAL TABLE "{FtsTable}" USING fts5("Title", "Description", "VendorName", content='Listings', tokenize='porter unicode61 remove_diacritics 2');""",
        $"""
        CREATE TRIGGER "TR_Listings_Search_Insert" AFTER INSERT ON "Listings" BEGIN
          INSERT INTO "{FtsTable}"(rowid, "Title", "Description", "VendorName") VALUES (new.rowid, new."Title", new."Description", new."VendorName");
        END;
        """,
        $"""
        CREATE TRIGGER "TR_Listings_Search_Delete" AFTER DELETE ON "Listings" BEGIN
          INSERT INTO "{FtsTable}"("{FtsTable}", rowid, "Title", "Description", "VendorName") VALUES ('delete', old.rowid, old."Title", old."Description", old."VendorName");
        END;
        """,
        $"""
        CREATE TRIGGER "{ListingTrigger}" AFTER UPDATE OF "Title", "Description", "VendorName" ON "Listings" BEGIN
          INSERT INTO "{FtsTable}"("{FtsTable}", rowid, "Title", "Description", "VendorName") VALUES ('delete', old.rowid, old."Title", old."Description", old."VendorName");
          INSERT INTO "{FtsTable}"(rowid, "Title", "Description", "VendorName") VALUES (new.rowid, new."Title", new."Description", new."VendorName");
        END;
        """,
        $"""
        CREATE TRIGGER "{VendorTrigger}" AFTER UPDATE OF "Name", "Region", "CertifiedUntil" ON "Vendors"
        WHEN old."Name" IS NOT new."Name" OR old."Region" IS NOT new."Region" OR old."CertifiedUntil" IS NOT new."CertifiedUntil"
        BEGIN
          UPDATE "Listings" SET "VendorName" = new."Name", "VendorRegion" = new."Region", "VendorCertifiedUntil" = new."CertifiedUntil" WHERE "VendorId" = new."Id";
        END;
        """,
        // Indexes listings that existed before this migration (none in a fresh database).
        $"""INSERT INTO "{FtsTable}"("{FtsTable}") VALUES ('rebuild');""",
        // Facet counts of the published listings, one row (a "cell", numbered by "Cell") per combination of facet values;
        // "CertifiedUntil" 0 (ticks) stands for none, as a key holds no null. The key puts "CertifiedUntil" last, so a
        // search without words sums the rows in key order, certified or not against the clock, with no sort.
        // WITHOUT ROWID: the rows are stored in key order, and the index on "Cell" carries the whole key.
        $"""
        CREATE TABLE "{FacetTable}" ("Sector" TEXT NOT NULL, "Region" TEXT NOT NULL, "AcceptsCredits" INTEGER NOT NULL, "PriceBand" INTEGER NOT NULL,
          "CertifiedUntil" INTEGER NOT NULL, "Cell" INTEGER NOT NULL, "Count" INTEGER NOT NULL,
          PRIMARY KEY ("Sector", "Region", "AcceptsCredits", "PriceBand", "CertifiedUntil")) WITHOUT ROWID;
        """,
        $"""CREATE UNIQUE INDEX "IX_{FacetTable}_Cell" ON "{FacetTable}" ("Cell");""",
        // The cell of each published listing, by the listing's rowid (the FTS5 rowid): a search with words counts its
        // matches' cells from these narrow rows instead of reading every matching listing (docs/adr/0006).
        $"""CREATE TABLE "{FacetKeyTable}" ("ListingRowId" INTEGER PRIMARY KEY, "Id" TEXT NOT NULL, "Cell" INTEGER NOT NULL);""",
        .. SqliteFacetTriggers(bumpVersion: false),
        // Counts and keys of listings that existed before this migration (none in a fresh database).
        $"""
        INSERT INTO "{FacetTable}" SELECT "Sector", "VendorRegion", "PriceCredits" IS NOT NULL, {Band("\"PriceCents\"")}, coalesce("VendorCertifiedUntil", 0), row_number() OVER (), count(*)
        FROM "Listings" WHERE "Status" = 'Published' GROUP BY 1, 2, 3, 4, 5;
        """,
        $"""
        INSERT INTO "{FacetKeyTable}" SELECT l.rowid, l."Id", c."Cell" FROM "Listings" AS l JOIN "{FacetTable}" AS c
          ON c."Sector" = l."Sector" AND c."Region" = l."VendorRegion" AND c."AcceptsCredits" = (l."PriceCredits" IS NOT NULL)
          AND c."PriceBand" = {Band("l.\"PriceCents\"")} AND c."CertifiedUntil" = coalesce(l."VendorCertifiedUntil", 0)
        WHERE l."Status" = 'Published';
        """,
    ];

    /// <summary>
    /// The facet-count triggers on <c>Listings</c>. With <paramref name="bumpVersion"/> (migration SearchFacetState)
    /// each also adds one to <c>ListingFacetState."Version"</c> in the same statement, hence the same transaction, as
    /// the counts it changes: a reader that finds the version it cached holds counts equal to the stored ones.
    /// </summary>
    private static string[] SqliteFacetTriggers(bool bumpVersion)
    {
        var bump = bumpVersion ? $"""UPDATE "{FacetStateTable}" SET "Version" = "Version" + 1;""" : "";
        var bumpIfPublished = bumpVersion
            ? $"""UPDATE "{FacetStateTable}" SET "Version" = "Version" + 1 WHERE old."Status" = 'Published' OR new."Status" = 'Published';"""
            : "";
        return
        [
            $"""
            CREATE TRIGGER "TR_Listings_Facets_Insert" AFTER INSERT ON "Listings" WHEN new."Status" = 'Published' BEGIN
              {SqliteFacetAdd("new")}
              {bump}
            END;
            """,
            $"""
            CREATE TRIGGER "TR_Listings_Facets_Delete" AFTER DELETE ON "Listings" WHEN old."Status" = 'Published' BEGIN
              {SqliteFacetRemove("old")}
              {bump}
            END;
            """,
            // Bumped only when the listing was or is published: a draft's edits change no count.
            $"""
            CREATE TRIGGER "TR_Listings_Facets_Update" AFTER UPDATE OF "Status", "Sector", "VendorRegion", "VendorCertifiedUntil", "PriceCredits", "PriceCents" ON "Listings" BEGIN
              {SqliteFacetRemove("old")}
              {SqliteFacetAdd("new")}
              {bumpIfPublished}
            END;
            """,
        ];
    }

    private static readonly string[] SqliteFacetTriggerDrops =
    [
        """DROP TRIGGER "TR_Listings_Facets_Update";""",
        """DROP TRIGGER "TR_Listings_Facets_Delete";""",
        """DROP TRIGGER "TR_Listings_Facets_Insert";""",
    ];

    /// <summary>
    /// Migration SearchFacetState (SQLite): <c>ListingFacetState</c>, one row holding a random id of this database
    /// and a version of its facet counts, which the facet triggers now bump. <c>SqliteFacetCells</c> keeps the counts
    /// and the cells' values in memory under (id, version): a search reads that one row, and the counts only when
    /// the version moved. The random id tells a recreated database at the same path from the one cached (its
    /// versions and cell numbers start again).
    /// </summary>
    public static readonly string[] SqliteFacetStateUp =
    [
        $"""CREATE TABLE "{FacetStateTable}" ("Id" BLOB NOT NULL, "Version" INTEGER NOT NULL);""",
        $"""INSERT INTO "{FacetStateTable}" VALUES (randomblob(16), 1);""",
        .. SqliteFacetTriggerDrops,
        .. SqliteFacetTriggers(bumpVersion: true),
    ];

    public static readonly string[] SqliteFacetStateDown =
    [
        .. SqliteFacetTriggerDrops,
        .. SqliteFacetTriggers(bumpVersion: false),
        $"""DROP TABLE "{FacetStateTable}";""",
    ];

    /// <summary>The price band of a card price in SQL, the same rule as <see cref="Search.PriceBands.Of"/>.</summary>
    private static string Band(string cents) =>
        $"CASE WHEN {cents} IS NULL THEN 0 WHEN {cents} < {Search.PriceBands.Band2From} THEN 1 WHEN {cents} < {Search.PriceBands.Band3From} THEN 2 " +
        $"WHEN {cents} < {Search.PriceBands.Band4From} THEN 3 WHEN {cents} < {Search.PriceBands.Band5From} THEN 4 ELSE 5 END";

    /// <summary>The key columns of a listing's cell, compared with the facet-count row <c>c</c>.</summary>
    private static string SqliteCellOf(string row) =>
        $"""c."Sector" = {row}."Sector" AND c."Region" = {row}."VendorRegion" AND c."AcceptsCredits" = ({row}."PriceCredits" IS NOT NULL) """ +
        $"""AND c."PriceBand" = {Band(row + ".\"PriceCents\"")} AND c."CertifiedUntil" = coalesce({row}."VendorCertifiedUntil", 0)""";

    // A new cell takes the next number; cells are never deleted (a count may drop to 0), so a number keeps its meaning.
    private static string SqliteFacetAdd(string row) => $"""
        INSERT INTO "{FacetTable}" SELECT {row}."Sector", {row}."VendorRegion", {row}."PriceCredits" IS NOT NULL, {Band(row + ".\"PriceCents\"")},
            coalesce({row}."VendorCertifiedUntil", 0), (SELECT coalesce(max("Cell"), 0) + 1 FROM "{FacetTable}"), 1
          WHERE {row}."Status" = 'Published'
          ON CONFLICT ("Sector", "Region", "AcceptsCredits", "PriceBand", "CertifiedUntil") DO UPDATE SET "Count" = "Count" + 1;
        INSERT INTO "{FacetKeyTable}" SELECT {row}.rowid, {row}."Id", c."Cell" FROM "{FacetTable}" AS c
          WHERE {row}."Status" = 'Published' AND {SqliteCellOf(row)};
        """;

    private static string SqliteFacetRemove(string row) => $"""
        UPDATE "{FacetTable}" AS c SET "Count" = "Count" - 1 WHERE {row}."Status" = 'Published' AND {SqliteCellOf(row)};
        DELETE FROM "{FacetKeyTable}" WHERE {row}."Status" = 'Published' AND "ListingRowId" = {row}.rowid;
        """;

    public static readonly string[] SqliteDown =
    [
        .. SqliteFacetTriggerDrops,
        $"""DROP TABLE "{FacetKeyTable}";""",
        $"""DROP TABLE "{FacetTable}";""",
        $"""DROP TRIGGER "{VendorTrigger}";""",
        $"""DROP TRIGGER "{ListingTrigger}";""",
        """DROP TRIGGER "TR_Listings_Search_Delete";""",
        """DROP TRIGGER "TR_Listings_Search_Insert";""",
        $"""DROP TABLE "{FtsTable}";""",
    ];

    /// <summary>
    /// Migration SearchGinPendingListLimit (PostgreSQL): the GIN index's pending list flushed at 1 MB instead of the
    /// server's default 4 MB. With <c>fastupdate</c> on (the default) a new index entry waits in that unsorted list,
    /// which every search scans in full until (auto)vacuum, autoanalyze or the limit merges it into the index. Measured
    /// on copies of the benchmark's 100,000 listings after batches of 10,000 updated rows (docs/performance-history.md,
    /// "The FTS index's state and layout", 2026-11-29): a list of 275–470 pages cost <c>chair</c> ~3 ms more in the
    /// index scan and turned its custom plans (a connection's first five executions of the prepared statement) into
    /// sequential scans (58–270 ms against ~28–80 at the same load); at 1 MB (at most 128 pages; 23–111 seen) the plan
    /// stayed a bitmap scan. The price is in bulk writes: 100,000 rows inserted 1,000 a statement took 13–17 s
    /// against 9–13 with the default, and 20–25 s at 256 kB, which kept the list smaller still; <c>fastupdate</c> off
    /// keeps no list at all but made 10,000-row updates ~50% slower.
    /// </summary>
    public const int PostgresGinPendingListLimitKb = 1024;

    public static readonly string[] PostgresGinPendingListUp =
    [
        $"""ALTER INDEX {S}."IX_Listings_SearchVector" SET (gin_pending_list_limit = {PostgresGinPendingListLimitKb});""",
    ];

    public static readonly string[] PostgresGinPendingListDown =
    [
        $"""ALTER INDEX {S}."IX_Listings_SearchVector" RESET (gin_pending_list_limit);""",
    ];

    public static readonly string[] PostgresUp =
    [
        // Weights: title A, vendor name B, description C, so ts_rank puts a title match above a description match.
        $"""
        ALTER TABLE {S}."Listings" ADD "SearchVector" tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', coalesce("Title", '')), 'A') ||
          setweight(to_tsvector('english', coalesce("VendorName", '')), 'B') ||
          setweight(to_tsvector('english', coalesce("Description", '')), 'C')) STORED;
        """,
        $"""CREATE INDEX "IX_Listings_SearchVector" ON {S}."Listings" USING GIN ("SearchVector");""",
        $"""
        CREATE FUNCTION {S}.copy_vendor_to_listings() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE {S}."Listings" SET "VendorName" = NEW."Name", "VendorRegion" = NEW."Region", "VendorCertifiedUntil" = NEW."CertifiedUntil"
          WHERE "VendorId" = NEW."Id";
          RETURN NULL;
        END $$;
        """,
        $"""
        CREATE TRIGGER "{VendorTrigger}" AFTER UPDATE OF "Name", "Region", "CertifiedUntil" ON {S}."Vendors" FOR EACH ROW
        WHEN (OLD."Name" IS DISTINCT FROM NEW."Name" OR OLD."Region" IS DISTINCT FROM NEW."Region" OR OLD."CertifiedUntil" IS DISTINCT FROM NEW."CertifiedUntil")
        EXECUTE FUNCTION {S}.copy_vendor_to_listings();
        """,
        // Facet counts of the published listings; '-infinity' stands for "no certificate", as a key holds no null.
        $"""
        CREATE TABLE {S}."{FacetTable}" ("Sector" varchar(40) NOT NULL, "Region" varchar(100) NOT NULL, "CertifiedUntil" timestamptz NOT NULL,
          "AcceptsCredits" boolean NOT NULL, "PriceBand" integer NOT NULL, "Count" integer NOT NULL,
          PRIMARY KEY ("Sector", "Region", "CertifiedUntil", "AcceptsCredits", "PriceBand"));
        """,
        // Statement-level triggers with transition tables: one delta per cell for the whole statement, applied in key
        // order. Row-level triggers locked the count rows in the order the statement met its listings, so two
        // statements sharing cells in the opposite order (two vendors moving region at once: the vendor trigger
        // updates each vendor's listings) deadlocked. Sorted, two statements lock the cells they share in the same
        // order. A statement that changes no facet value (a stock reservation) nets to zero and writes nothing.
        // PostgreSQL allows transition tables only on single-event triggers without a column list, hence three.
        $"""
        CREATE FUNCTION {S}.count_listing_facets() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            {PostgresApplyDeltas("SELECT *, 1 AS delta FROM new_listings")}
          ELSIF TG_OP = 'DELETE' THEN
            {PostgresApplyDeltas("SELECT *, -1 AS delta FROM old_listings")}
          ELSE
            {PostgresApplyDeltas("SELECT *, -1 AS delta FROM old_listings UNION ALL SELECT *, 1 AS delta FROM new_listings")}
          END IF;
          RETURN NULL;
        END $$;
        """,
        $"""
        CREATE TRIGGER "TR_Listings_Facets_Insert" AFTER INSERT ON {S}."Listings" REFERENCING NEW TABLE AS new_listings
        FOR EACH STATEMENT EXECUTE FUNCTION {S}.count_listing_facets();
        """,
        $"""
        CREATE TRIGGER "TR_Listings_Facets_Update" AFTER UPDATE ON {S}."Listings" REFERENCING OLD TABLE AS old_listings NEW TABLE AS new_listings
        FOR EACH STATEMENT EXECUTE FUNCTION {S}.count_listing_facets();
        """,
        $"""
        CREATE TRIGGER "TR_Listings_Facets_Delete" AFTER DELETE ON {S}."Listings" REFERENCING OLD TABLE AS old_listings
        FOR EACH STATEMENT EXECUTE FUNCTION {S}.count_listing_facets();
        """,
        $"""
        INSERT INTO {S}."{FacetTable}" SELECT "Sector", "VendorRegion", coalesce("VendorCertifiedUntil", '-infinity'), "PriceCredits" IS NOT NULL, {Band("\"PriceCents\"")}, count(*)
        FROM {S}."Listings" WHERE "Status" = 'Published' GROUP BY 1, 2, 3, 4, 5;
        """,
    ];

    /// <summary>
    /// Adds each published listing's delta (+1 or -1, from <paramref name="rows"/>: listing rows with a <c>delta</c>
    /// column) to its cell's count, summed per cell, in key order; cells whose deltas cancel out are not touched.
    /// </summary>
    private static string PostgresApplyDeltas(string rows) => $"""
        INSERT INTO {S}."{FacetTable}" AS c
            SELECT "Sector", "VendorRegion", coalesce("VendorCertifiedUntil", '-infinity'), "PriceCredits" IS NOT NULL, {Band("\"PriceCents\"")}, sum(delta)
            FROM ({rows}) AS changed WHERE "Status" = 'Published'
            GROUP BY 1, 2, 3, 4, 5 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3, 4, 5
            ON CONFLICT ("Sector", "Region", "CertifiedUntil", "AcceptsCredits", "PriceBand") DO UPDATE SET "Count" = c."Count" + excluded."Count";
        """;

    public static readonly string[] PostgresDown =
    [
        $"""DROP TRIGGER "TR_Listings_Facets_Delete" ON {S}."Listings";""",
        $"""DROP TRIGGER "TR_Listings_Facets_Update" ON {S}."Listings";""",
        $"""DROP TRIGGER "TR_Listings_Facets_Insert" ON {S}."Listings";""",
        $"""DROP FUNCTION {S}.count_listing_facets();""",
        $"""DROP TABLE {S}."{FacetTable}";""",
        $"""DROP TRIGGER "{VendorTrigger}" ON {S}."Vendors";""",
        $"""DROP FUNCTION {S}.copy_vendor_to_listings();""",
        $"""DROP INDEX {S}."IX_Listings_SearchVector";""",
        $"""ALTER TABLE {S}."Listings" DROP COLUMN "SearchVector";""",
    ];

    // CREATE TRIGGER must begin a batch, but the idempotent script puts each statement inside IF ... BEGIN ... END,
    // so it is run through EXEC (the trigger body has no quotes to double).
    public static readonly string[] SqlServerUp =
    [
        $"""
        EXEC(N'CREATE TRIGGER [{S}].[{VendorTrigger}] ON [{S}].[Vendors] AFTER UPDATE AS
        BEGIN
            SET NOCOUNT ON;
            IF UPDATE([Name]) OR UPDATE([Region]) OR UPDATE([CertifiedUntil])
                UPDATE l SET l.[VendorName] = i.[Name], l.[VendorRegion] = i.[Region], l.[VendorCertifiedUntil] = i.[CertifiedUntil]
                FROM [{S}].[Listings] AS l INNER JOIN inserted AS i ON l.[VendorId] = i.[Id];
        END');
        """,
    ];

    public static readonly string[] SqlServerDown = [$"DROP TRIGGER [{S}].[{VendorTrigger}];"];
}
