using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Ordering.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CardPaymentLowering : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "CardPaymentLoweredToCents",
                schema: "ordering",
                table: "Orders",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CardAmountReceivedCents",
                schema: "ordering",
                table: "Checkouts",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CardPaymentLoweredToCents",
                schema: "ordering",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "CardAmountReceivedCents",
                schema: "ordering",
                table: "Checkouts");
        }
    }
}
