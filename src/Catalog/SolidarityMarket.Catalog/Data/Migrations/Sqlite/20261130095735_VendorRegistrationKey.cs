using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Catalog.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VendorRegistrationKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RegisteredByUserId",
                table: "Vendors",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegistrationHash",
                table: "Vendors",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegistrationKey",
                table: "Vendors",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Vendors_RegisteredByUserId_RegistrationKey",
                table: "Vendors",
                columns: new[] { "RegisteredByUserId", "RegistrationKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Vendors_RegisteredByUserId_RegistrationKey",
                table: "Vendors");

            migrationBuilder.DropColumn(
                name: "RegisteredByUserId",
                table: "Vendors");

            migrationBuilder.DropColumn(
                name: "RegistrationHash",
                table: "Vendors");

            migrationBuilder.DropColumn(
                name: "RegistrationKey",
                table: "Vendors");
        }
    }
}
