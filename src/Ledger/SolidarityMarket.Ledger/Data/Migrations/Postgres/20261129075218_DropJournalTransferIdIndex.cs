using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Ledger.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DropJournalTransferIdIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_JournalEntries_TransferId",
                schema: "ledger",
                table: "JournalEntries");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_JournalEntries_TransferId",
                schema: "ledger",
                table: "JournalEntries",
                column: "TransferId",
                unique: true);
        }
    }
}
