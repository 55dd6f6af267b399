using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Catalog.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StockTakenPerLine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "QuantityTaken",
                table: "StockReservationLines",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Lines reserved before this column existed: a good always counts stock (goods require one), so its
            // reserved lines took their quantity and still give it back. A service's line gets 0: whether the service
            // had a capacity when it was reserved is not known, and giving back units that were never taken would
            // oversell it; at worst its vendor raises the capacity by hand. Rejected and released reservations are
            // never given back again, so their lines keep 0.
            migrationBuilder.Sql("""
                UPDATE "StockReservationLines" SET "QuantityTaken" = "Quantity"
                WHERE "RejectionReason" IS NULL
                  AND EXISTS (SELECT 1 FROM "StockReservations" AS r WHERE r."OrderId" = "StockReservationLines"."OrderId" AND r."Status" = 'Reserved')
                  AND EXISTS (SELECT 1 FROM "Listings" AS g WHERE g."Id" = "StockReservationLines"."ListingId" AND g."Kind" = 'Good')
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "QuantityTaken",
                table: "StockReservationLines");
        }
    }
}
