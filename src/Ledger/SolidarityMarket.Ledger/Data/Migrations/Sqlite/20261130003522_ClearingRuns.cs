using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Ledger.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClearingRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ClearedAmount",
                table: "PaymentRequests",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "ClearingRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExchangeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ObligationCount = table.Column<int>(type: "INTEGER", nullable: false),
                    SkippedCount = table.Column<int>(type: "INTEGER", nullable: false),
                    TotalBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    TotalSetOff = table.Column<long>(type: "INTEGER", nullable: false),
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
                    table.PrimaryKey("PK_ClearingRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClearingRuns_Exchanges_ExchangeId",
                        column: x => x.ExchangeId,
                        principalTable: "Exchanges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ClearingRunAccounts",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwedBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    OwedToBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    SetOff = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClearingRunAccounts", x => new { x.RunId, x.AccountId });
                    table.ForeignKey(
                        name: "FK_ClearingRunAccounts_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ClearingRunAccounts_ClearingRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "ClearingRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ClearingRunLines",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PayerAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PayeeAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OutstandingBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    SetOff = table.Column<long>(type: "INTEGER", nullable: false),
                    RequestVersion = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClearingRunLines", x => new { x.RunId, x.RequestId });
                    table.ForeignKey(
                        name: "FK_ClearingRunLines_ClearingRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "ClearingRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ClearingRunLines_PaymentRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "PaymentRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ClearingRunAccounts_AccountId",
                table: "ClearingRunAccounts",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_ClearingRunLines_RequestId",
                table: "ClearingRunLines",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_ClearingRuns_ExchangeId_PreviewedAt",
                table: "ClearingRuns",
                columns: new[] { "ExchangeId", "PreviewedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClearingRunAccounts");

            migrationBuilder.DropTable(
                name: "ClearingRunLines");

            migrationBuilder.DropTable(
                name: "ClearingRuns");

            migrationBuilder.DropColumn(
                name: "ClearedAmount",
                table: "PaymentRequests");
        }
    }
}
