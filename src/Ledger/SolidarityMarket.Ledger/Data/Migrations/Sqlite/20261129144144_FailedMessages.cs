using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Ledger.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FailedMessages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FailedMessages",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Queue = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    MessageType = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    Consumer = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    FirstFailedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastFailedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Failures = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ReplayedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReplayedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DiscardedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DiscardedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DiscardReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FailedMessages", x => new { x.MessageId, x.Queue });
                });

            migrationBuilder.CreateIndex(
                name: "IX_FailedMessages_Status_LastFailedAt",
                table: "FailedMessages",
                columns: new[] { "Status", "LastFailedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FailedMessages");
        }
    }
}
