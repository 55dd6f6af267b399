using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Catalog.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ListingCreationKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CreatedByUserId",
                table: "Listings",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CreationHash",
                table: "Listings",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CreationKey",
                table: "Listings",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Listings_CreatedByUserId_CreationKey",
                table: "Listings",
                columns: new[] { "CreatedByUserId", "CreationKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Listings_CreatedByUserId_CreationKey",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "CreatedByUserId",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "CreationHash",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "CreationKey",
                table: "Listings");
        }
    }
}
