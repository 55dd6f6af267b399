using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Ordering.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CardPaymentLowering : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "CardPaymentLoweredToCents",
                table: "Orders",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CardAmountReceivedCents",
                table: "Checkouts",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CardPaymentLoweredToCents",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "CardAmountReceivedCents",
                table: "Checkouts");
        }
    }
}
