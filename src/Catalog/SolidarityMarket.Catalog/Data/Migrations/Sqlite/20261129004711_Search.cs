using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Catalog.Data.Migrations.Sqlite
{
    /// <summary>
    /// Hand-written: the search structures EF Core does not model (CatalogSearchSql, docs/adr/0006-catalog-search.md).
    /// Recreating Initial (scripts/regenerate-migrations.sh without a name) deletes this file: add an empty "Search"
    /// migration again and restore these two bodies.
    /// </summary>
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in CatalogSearchSql.SqliteUp)
            {
                migrationBuilder.Sql(sql);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in CatalogSearchSql.SqliteDown)
            {
                migrationBuilder.Sql(sql);
            }
        }
    }
}
