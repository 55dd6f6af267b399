using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Catalog.Data.Migrations.SqlServer
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
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegistrationHash",
                schema: "catalog",
                table: "Vendors",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegistrationKey",
                schema: "catalog",
                table: "Vendors",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Vendors_RegisteredByUserId_RegistrationKey",
                schema: "catalog",
                table: "Vendors",
                columns: new[] { "RegisteredByUserId", "RegistrationKey" },
                unique: true,
                filter: "[RegisteredByUserId] IS NOT NULL AND [RegistrationKey] IS NOT NULL");
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
