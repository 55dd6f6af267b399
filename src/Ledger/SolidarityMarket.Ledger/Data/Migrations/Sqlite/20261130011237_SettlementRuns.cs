using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Ledger.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SettlementRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SettlementRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TotalSettled = table.Column<long>(type: "INTEGER", nullable: false),
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
                    table.PrimaryKey("PK_SettlementRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SettlementRunPositions",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExchangeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PositionBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    Change = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettlementRunPositions", x => new { x.RunId, x.ExchangeId });
                    table.ForeignKey(
                        name: "FK_SettlementRunPositions_Exchanges_ExchangeId",
                        column: x => x.ExchangeId,
                        principalTable: "Exchanges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SettlementRunPositions_SettlementRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "SettlementRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SettlementRunTransfers",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    FromExchangeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ToExchangeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettlementRunTransfers", x => new { x.RunId, x.Index });
                    table.ForeignKey(
                        name: "FK_SettlementRunTransfers_SettlementRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "SettlementRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SettlementRunPositions_ExchangeId",
                table: "SettlementRunPositions",
                column: "ExchangeId");

            migrationBuilder.CreateIndex(
                name: "IX_SettlementRuns_PreviewedAt",
                table: "SettlementRuns",
                column: "PreviewedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SettlementRunPositions");

            migrationBuilder.DropTable(
                name: "SettlementRunTransfers");

            migrationBuilder.DropTable(
                name: "SettlementRuns");
        }
    }
}
