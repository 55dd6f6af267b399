using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Ledger.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PeriodCloses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PeriodCloseRuns",
                schema: "ledger",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ExchangeId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PeriodStart = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PeriodEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LevyBasisPoints = table.Column<int>(type: "integer", nullable: false),
                    DemurrageBasisPoints = table.Column<int>(type: "integer", nullable: false),
                    DormantAfterDays = table.Column<int>(type: "integer", nullable: true),
                    DebitLimitTurnoverBasisPoints = table.Column<int>(type: "integer", nullable: false),
                    MinDebitLimit = table.Column<long>(type: "bigint", nullable: false),
                    MaxDebitLimit = table.Column<long>(type: "bigint", nullable: false),
                    TurnoverWindowDays = table.Column<int>(type: "integer", nullable: false),
                    TotalCredits = table.Column<long>(type: "bigint", nullable: false),
                    TotalLimitIncrease = table.Column<long>(type: "bigint", nullable: false),
                    PostClaimedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PostClaimedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PreviewedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PreviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ApprovedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ApprovedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PostedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PostedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AbandonedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    AbandonedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AbandonReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeriodCloseRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PeriodCloseRuns_Exchanges_ExchangeId",
                        column: x => x.ExchangeId,
                        principalSchema: "ledger",
                        principalTable: "Exchanges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PeriodCloseRunItems",
                schema: "ledger",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "uuid", nullable: false),
                    Index = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    BalanceBefore = table.Column<long>(type: "bigint", nullable: false),
                    DebitLimitBefore = table.Column<long>(type: "bigint", nullable: false),
                    AccountVersionBefore = table.Column<long>(type: "bigint", nullable: false),
                    NewDebitLimit = table.Column<long>(type: "bigint", nullable: true),
                    Reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OutcomeDetail = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeriodCloseRunItems", x => new { x.RunId, x.Index });
                    table.ForeignKey(
                        name: "FK_PeriodCloseRunItems_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalSchema: "ledger",
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PeriodCloseRunItems_PeriodCloseRuns_RunId",
                        column: x => x.RunId,
                        principalSchema: "ledger",
                        principalTable: "PeriodCloseRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PeriodCloseRunItems_AccountId",
                schema: "ledger",
                table: "PeriodCloseRunItems",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_PeriodCloseRuns_ExchangeId_PeriodStart",
                schema: "ledger",
                table: "PeriodCloseRuns",
                columns: new[] { "ExchangeId", "PeriodStart" });

            migrationBuilder.CreateIndex(
                name: "IX_PeriodCloseRuns_PreviewedAt",
                schema: "ledger",
                table: "PeriodCloseRuns",
                column: "PreviewedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PeriodCloseRunItems",
                schema: "ledger");

            migrationBuilder.DropTable(
                name: "PeriodCloseRuns",
                schema: "ledger");
        }
    }
}
