using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Ledger.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DropUnqueriedTransferIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Transfers_CreditAccountId_CreatedAt",
                schema: "ledger",
                table: "Transfers");

            migrationBuilder.DropIndex(
                name: "IX_Transfers_DebitAccountId_CreatedAt",
                schema: "ledger",
                table: "Transfers");

            migrationBuilder.DropIndex(
                name: "IX_Transfers_OrderReference",
                schema: "ledger",
                table: "Transfers");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Transfers_CreditAccountId_CreatedAt",
                schema: "ledger",
                table: "Transfers",
                columns: new[] { "CreditAccountId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_DebitAccountId_CreatedAt",
                schema: "ledger",
                table: "Transfers",
                columns: new[] { "DebitAccountId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_OrderReference",
                schema: "ledger",
                table: "Transfers",
                column: "OrderReference");
        }
    }
}
