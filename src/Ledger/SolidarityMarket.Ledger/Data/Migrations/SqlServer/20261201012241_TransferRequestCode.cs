using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Ledger.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TransferRequestCode : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RequestCode",
                schema: "ledger",
                table: "Transfers",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestOrderReference",
                schema: "ledger",
                table: "Transfers",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RequestCode",
                schema: "ledger",
                table: "Transfers");

            migrationBuilder.DropColumn(
                name: "RequestOrderReference",
                schema: "ledger",
                table: "Transfers");
        }
    }
}
