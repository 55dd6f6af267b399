using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Ledger.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ClearingRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ClearedAmount",
                schema: "ledger",
                table: "PaymentRequests",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "ClearingRuns",
                schema: "ledger",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ExchangeId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ObligationCount = table.Column<int>(type: "integer", nullable: false),
                    SkippedCount = table.Column<int>(type: "integer", nullable: false),
                    TotalBefore = table.Column<long>(type: "bigint", nullable: false),
                    TotalSetOff = table.Column<long>(type: "bigint", nullable: false),
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
                    table.PrimaryKey("PK_ClearingRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClearingRuns_Exchanges_ExchangeId",
                        column: x => x.ExchangeId,
                        principalSchema: "ledger",
                        principalTable: "Exchanges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ClearingRunAccounts",
                schema: "ledger",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    OwedBefore = table.Column<long>(type: "bigint", nullable: false),
                    OwedToBefore = table.Column<long>(type: "bigint", nullable: false),
                    SetOff = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClearingRunAccounts", x => new { x.RunId, x.AccountId });
                    table.ForeignKey(
                        name: "FK_ClearingRunAccounts_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalSchema: "ledger",
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ClearingRunAccounts_ClearingRuns_RunId",
                        column: x => x.RunId,
                        principalSchema: "ledger",
                        principalTable: "ClearingRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ClearingRunLines",
                schema: "ledger",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    PayerAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    PayeeAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    OutstandingBefore = table.Column<long>(type: "bigint", nullable: false),
                    SetOff = table.Column<long>(type: "bigint", nullable: false),
                    RequestVersion = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClearingRunLines", x => new { x.RunId, x.RequestId });
                    table.ForeignKey(
                        name: "FK_ClearingRunLines_ClearingRuns_RunId",
                        column: x => x.RunId,
                        principalSchema: "ledger",
                        principalTable: "ClearingRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ClearingRunLines_PaymentRequests_RequestId",
                        column: x => x.RequestId,
                        principalSchema: "ledger",
                        principalTable: "PaymentRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ClearingRunAccounts_AccountId",
                schema: "ledger",
                table: "ClearingRunAccounts",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_ClearingRunLines_RequestId",
                schema: "ledger",
                table: "ClearingRunLines",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_ClearingRuns_ExchangeId_PreviewedAt",
                schema: "ledger",
                table: "ClearingRuns",
                columns: new[] { "ExchangeId", "PreviewedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClearingRunAccounts",
                schema: "ledger");

            migrationBuilder.DropTable(
                name: "ClearingRunLines",
                schema: "ledger");

            migrationBuilder.DropTable(
                name: "ClearingRuns",
                schema: "ledger");

            migrationBuilder.DropColumn(
                name: "ClearedAmount",
                schema: "ledger",
                table: "PaymentRequests");
        }
    }
}
