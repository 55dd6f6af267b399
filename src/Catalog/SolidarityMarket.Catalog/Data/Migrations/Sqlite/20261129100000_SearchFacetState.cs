using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Catalog.Data.Migrations.Sqlite
{
    /// <summary>
    /// Hand-written, SQLite only (no model change, so PostgreSQL and SQL Server have no counterpart): the facet counts'
    /// version row, which the facet triggers bump, so that search can keep the counts in memory
    /// (CatalogSearchSql.SqliteFacetStateUp, docs/adr/0014-facet-counts-in-memory.md). The designer file is Search's
    /// with the id changed, as the model is the same.
    /// </summary>
    public partial class SearchFacetState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in CatalogSearchSql.SqliteFacetStateUp)
            {
                migrationBuilder.Sql(sql);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in CatalogSearchSql.SqliteFacetStateDown)
            {
                migrationBuilder.Sql(sql);
            }
        }
    }
}
