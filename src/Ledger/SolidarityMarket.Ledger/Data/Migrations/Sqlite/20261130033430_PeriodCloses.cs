using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Ledger.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PeriodCloses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PeriodCloseRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExchangeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PeriodStart = table.Column<long>(type: "INTEGER", nullable: false),
                    PeriodEnd = table.Column<long>(type: "INTEGER", nullable: false),
                    LevyBasisPoints = table.Column<int>(type: "INTEGER", nullable: false),
                    DemurrageBasisPoints = table.Column<int>(type: "INTEGER", nullable: false),
                    DormantAfterDays = table.Column<int>(type: "INTEGER", nullable: true),
                    DebitLimitTurnoverBasisPoints = table.Column<int>(type: "INTEGER", nullable: false),
                    MinDebitLimit = table.Column<long>(type: "INTEGER", nullable: false),
                    MaxDebitLimit = table.Column<long>(type: "INTEGER", nullable: false),
                    TurnoverWindowDays = table.Column<int>(type: "INTEGER", nullable: false),
                    TotalCredits = table.Column<long>(type: "INTEGER", nullable: false),
                    TotalLimitIncrease = table.Column<long>(type: "INTEGER", nullable: false),
                    PostClaimedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PostClaimedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PreviewedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PreviewedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ApprovedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ApprovedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PostedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PostedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AbandonedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AbandonedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AbandonReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeriodCloseRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PeriodCloseRuns_Exchanges_ExchangeId",
                        column: x => x.ExchangeId,
                        principalTable: "Exchanges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PeriodCloseRunItems",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    BalanceBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    DebitLimitBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    AccountVersionBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    NewDebitLimit = table.Column<long>(type: "INTEGER", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OutcomeDetail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeriodCloseRunItems", x => new { x.RunId, x.Index });
                    table.ForeignKey(
                        name: "FK_PeriodCloseRunItems_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PeriodCloseRunItems_PeriodCloseRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "PeriodCloseRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PeriodCloseRunItems_AccountId",
                table: "PeriodCloseRunItems",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_PeriodCloseRuns_ExchangeId_PeriodStart",
                table: "PeriodCloseRuns",
                columns: new[] { "ExchangeId", "PeriodStart" });

            migrationBuilder.CreateIndex(
                name: "IX_PeriodCloseRuns_PreviewedAt",
                table: "PeriodCloseRuns",
                column: "PreviewedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PeriodCloseRunItems");

            migrationBuilder.DropTable(
                name: "PeriodCloseRuns");
        }
    }
}
