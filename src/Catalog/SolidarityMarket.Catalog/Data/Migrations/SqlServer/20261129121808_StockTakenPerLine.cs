using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Catalog.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class StockTakenPerLine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "QuantityTaken",
                schema: "catalog",
                table: "StockReservationLines",
                type: "int",
                nullable: false,
                defaultValue: 0);

            // Lines reserved before this column existed: a good always counts stock (goods require one), so its
            // reserved lines took their quantity and still give it back. A service's line gets 0: whether the service
            // had a capacity when it was reserved is not known, and giving back units that were never taken would
            // oversell it; at worst its vendor raises the capacity by hand. Rejected and released reservations are
            // never given back again, so their lines keep 0.
            // In EXEC: the idempotent script runs the ALTER and this in one batch, which SQL Server compiles before
            // the column exists ("Invalid column name").
            migrationBuilder.Sql("""
                EXEC(N'UPDATE l SET [QuantityTaken] = l.[Quantity]
                FROM [catalog].[StockReservationLines] AS l
                JOIN [catalog].[StockReservations] AS r ON r.[OrderId] = l.[OrderId]
                JOIN [catalog].[Listings] AS g ON g.[Id] = l.[ListingId]
                WHERE r.[Status] = N''Reserved'' AND l.[RejectionReason] IS NULL AND g.[Kind] = N''Good''')
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "QuantityTaken",
                schema: "catalog",
                table: "StockReservationLines");
        }
    }
}
