using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Catalog.Data.Migrations.SqlServer
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
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "VendorStaffChanges",
                schema: "catalog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    VendorId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    StaffVersion = table.Column<int>(type: "int", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ActorUserId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    Added = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Removed = table.Column<string>(type: "nvarchar(max)", nullable: false)
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
