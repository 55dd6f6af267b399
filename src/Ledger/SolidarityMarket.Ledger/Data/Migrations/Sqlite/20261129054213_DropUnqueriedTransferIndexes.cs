using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Ledger.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DropUnqueriedTransferIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Transfers_CreditAccountId_CreatedAt",
                table: "Transfers");

            migrationBuilder.DropIndex(
                name: "IX_Transfers_DebitAccountId_CreatedAt",
                table: "Transfers");

            migrationBuilder.DropIndex(
                name: "IX_Transfers_OrderReference",
                table: "Transfers");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Transfers_CreditAccountId_CreatedAt",
                table: "Transfers",
                columns: new[] { "CreditAccountId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_DebitAccountId_CreatedAt",
                table: "Transfers",
                columns: new[] { "DebitAccountId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_OrderReference",
                table: "Transfers",
                column: "OrderReference");
        }
    }
}
