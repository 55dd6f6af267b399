using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Catalog.Data.Migrations.Postgres
{
    /// <summary>
    /// Hand-written, PostgreSQL only (no model change; SQLite's FTS5 and SQL Server's LIKE fallback have no pending
    /// list): the search GIN index flushes its pending list at 1 MB (CatalogSearchSql.PostgresGinPendingListUp).
    /// </summary>
    public partial class SearchGinPendingListLimit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in CatalogSearchSql.PostgresGinPendingListUp)
            {
                migrationBuilder.Sql(sql);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in CatalogSearchSql.PostgresGinPendingListDown)
            {
                migrationBuilder.Sql(sql);
            }
        }
    }
}
