using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Catalog.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ListingCreationKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CreatedByUserId",
                schema: "catalog",
                table: "Listings",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CreationHash",
                schema: "catalog",
                table: "Listings",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CreationKey",
                schema: "catalog",
                table: "Listings",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Listings_CreatedByUserId_CreationKey",
                schema: "catalog",
                table: "Listings",
                columns: new[] { "CreatedByUserId", "CreationKey" },
                unique: true,
                filter: "[CreatedByUserId] IS NOT NULL AND [CreationKey] IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Listings_CreatedByUserId_CreationKey",
                schema: "catalog",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "CreatedByUserId",
                schema: "catalog",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "CreationHash",
                schema: "catalog",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "CreationKey",
                schema: "catalog",
                table: "Listings");
        }
    }
}
