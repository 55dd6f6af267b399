using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Ledger.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SettlementRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SettlementRuns",
                schema: "ledger",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TotalSettled = table.Column<long>(type: "bigint", nullable: false),
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
                    table.PrimaryKey("PK_SettlementRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SettlementRunPositions",
                schema: "ledger",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "uuid", nullable: false),
                    ExchangeId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PositionBefore = table.Column<long>(type: "bigint", nullable: false),
                    Change = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettlementRunPositions", x => new { x.RunId, x.ExchangeId });
                    table.ForeignKey(
                        name: "FK_SettlementRunPositions_Exchanges_ExchangeId",
                        column: x => x.ExchangeId,
                        principalSchema: "ledger",
                        principalTable: "Exchanges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SettlementRunPositions_SettlementRuns_RunId",
                        column: x => x.RunId,
                        principalSchema: "ledger",
                        principalTable: "SettlementRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SettlementRunTransfers",
                schema: "ledger",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "uuid", nullable: false),
                    Index = table.Column<int>(type: "integer", nullable: false),
                    FromExchangeId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ToExchangeId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettlementRunTransfers", x => new { x.RunId, x.Index });
                    table.ForeignKey(
                        name: "FK_SettlementRunTransfers_SettlementRuns_RunId",
                        column: x => x.RunId,
                        principalSchema: "ledger",
                        principalTable: "SettlementRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SettlementRunPositions_ExchangeId",
                schema: "ledger",
                table: "SettlementRunPositions",
                column: "ExchangeId");

            migrationBuilder.CreateIndex(
                name: "IX_SettlementRuns_PreviewedAt",
                schema: "ledger",
                table: "SettlementRuns",
                column: "PreviewedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SettlementRunPositions",
                schema: "ledger");

            migrationBuilder.DropTable(
                name: "SettlementRunTransfers",
                schema: "ledger");

            migrationBuilder.DropTable(
                name: "SettlementRuns",
                schema: "ledger");
        }
    }
}
