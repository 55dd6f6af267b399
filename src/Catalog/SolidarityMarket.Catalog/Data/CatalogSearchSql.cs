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
/// <item>SQL Server: nothing more — full-text needs a full-text catalog, which cannot be created or tested here,
/// so search there falls back to <c>LIKE</c> over the same three columns.</item>
/// </list>
/// </summary>
public static class CatalogSearchSql
{
    public const string VendorTrigger = "TR_Vendors_CopyToListings";
    public const string ListingTrigger = "TR_Listings_Search_Update";
    public const string FtsTable = "ListingsFts";

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
    ];

    public static readonly string[] SqliteDown =
    [
        $"""DROP TRIGGER "{VendorTrigger}";""",
        $"""DROP TRIGGER "{ListingTrigger}";""",
        """DROP TRIGGER "TR_Listings_Search_Delete";""",
        """DROP TRIGGER "TR_Listings_Search_Insert";""",
        $"""DROP TABLE "{FtsTable}";""",
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
    ];

    public static readonly string[] PostgresDown =
    [
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
