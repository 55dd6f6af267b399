using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Catalog.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class VendorRegistrationKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RegisteredByUserId",
                schema: "catalog",
                table: "Vendors",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegistrationHash",
                schema: "catalog",
                table: "Vendors",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegistrationKey",
                schema: "catalog",
                table: "Vendors",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Vendors_RegisteredByUserId_RegistrationKey",
                schema: "catalog",
                table: "Vendors",
                columns: new[] { "RegisteredByUserId", "RegistrationKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Vendors_RegisteredByUserId_RegistrationKey",
                schema: "catalog",
                table: "Vendors");

            migrationBuilder.DropColumn(
                name: "RegisteredByUserId",
                schema: "catalog",
                table: "Vendors");

            migrationBuilder.DropColumn(
                name: "RegistrationHash",
                schema: "catalog",
                table: "Vendors");

            migrationBuilder.DropColumn(
                name: "RegistrationKey",
                schema: "catalog",
                table: "Vendors");
        }
    }
}
