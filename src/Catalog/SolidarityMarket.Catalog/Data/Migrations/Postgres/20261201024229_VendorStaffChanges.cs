using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SolidarityMarket.Catalog.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class VendorStaffChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "StaffVersion",
                schema: "catalog",
                table: "Vendors",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "VendorStaffChanges",
                schema: "catalog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    VendorId = table.Column<Guid>(type: "uuid", nullable: false),
                    StaffVersion = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ActorUserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Added = table.Column<List<string>>(type: "text[]", nullable: false),
                    Removed = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VendorStaffChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VendorStaffChanges_Vendors_VendorId",
                        column: x => x.VendorId,
                        principalSchema: "catalog",
                        principalTable: "Vendors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_VendorStaffChanges_VendorId_StaffVersion",
                schema: "catalog",
                table: "VendorStaffChanges",
                columns: new[] { "VendorId", "StaffVersion" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "VendorStaffChanges",
                schema: "catalog");

            migrationBuilder.DropColumn(
                name: "StaffVersion",
                schema: "catalog",
                table: "Vendors");
        }
    }
}
