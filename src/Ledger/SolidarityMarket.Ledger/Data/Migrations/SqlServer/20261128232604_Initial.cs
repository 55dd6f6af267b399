using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Ledger.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "ledger");

            migrationBuilder.CreateTable(
                name: "Exchanges",
                schema: "ledger",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Unit = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    FeeBasisPoints = table.Column<int>(type: "int", nullable: false),
                    OperatingAccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ClearingAccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ReserveAccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    LastSequence = table.Column<long>(type: "bigint", nullable: false),
                    LastHash = table.Column<byte[]>(type: "varbinary(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Exchanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "InboxMessages",
                schema: "ledger",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Consumer = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ProcessedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboxMessages", x => new { x.MessageId, x.Consumer });
                });

            migrationBuilder.CreateTable(
                name: "JournalEntries",
                schema: "ledger",
                columns: table => new
                {
                    ExchangeId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    TransferId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Code = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    DebitAccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CreditAccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    RelatedTransferId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PostedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Memo = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    OrderReference = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    PreviousHash = table.Column<byte[]>(type: "varbinary(32)", maxLength: 32, nullable: false),
                    Hash = table.Column<byte[]>(type: "varbinary(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JournalEntries", x => new { x.ExchangeId, x.Sequence });
                });

            migrationBuilder.CreateTable(
                name: "LimitChanges",
                schema: "ledger",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PreviousDebitLimit = table.Column<long>(type: "bigint", nullable: false),
                    PreviousCreditLimit = table.Column<long>(type: "bigint", nullable: false),
                    DebitLimit = table.Column<long>(type: "bigint", nullable: false),
                    CreditLimit = table.Column<long>(type: "bigint", nullable: false),
                    ChangedBy = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LimitChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutboxMessages",
                schema: "ledger",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    MessageType = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Destination = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Attempts = table.Column<int>(type: "int", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    LastError = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    LockToken = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    LockedUntil = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Transfers",
                schema: "ledger",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    RequestDebitAccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RequestCreditAccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RequestAmount = table.Column<long>(type: "bigint", nullable: false),
                    Code = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Memo = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    OrderReference = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    TimeoutTicks = table.Column<long>(type: "bigint", nullable: true),
                    PendingId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    OriginalId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ExchangeId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    DebitAccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CreditAccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    HoldStatus = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    ResolvedById = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    PostedAmount = table.Column<long>(type: "bigint", nullable: false),
                    ReversedById = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    JournalSequence = table.Column<long>(type: "bigint", nullable: true),
                    TradeId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    TradeRole = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    TradeFeeBasisPoints = table.Column<int>(type: "int", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Transfers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Accounts",
                schema: "ledger",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OwnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    ExchangeId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Balance = table.Column<long>(type: "bigint", nullable: false),
                    PendingDebits = table.Column<long>(type: "bigint", nullable: false),
                    PendingCredits = table.Column<long>(type: "bigint", nullable: false),
                    DebitLimit = table.Column<long>(type: "bigint", nullable: false),
                    CreditLimit = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Accounts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Accounts_Exchanges_ExchangeId",
                        column: x => x.ExchangeId,
                        principalSchema: "ledger",
                        principalTable: "Exchanges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AccountHolder",
                schema: "ledger",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountHolder", x => new { x.AccountId, x.UserId });
                    table.ForeignKey(
                        name: "FK_AccountHolder_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalSchema: "ledger",
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PaymentRequests",
                schema: "ledger",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PayeeAccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PayerAccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Memo = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    AcceptedBy = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    AcceptedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    TransferId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    PaymentStartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    PaidBy = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    PaidAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    ClosedBy = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    CloseReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PaymentRequests_Accounts_PayeeAccountId",
                        column: x => x.PayeeAccountId,
                        principalSchema: "ledger",
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PaymentRequests_Accounts_PayerAccountId",
                        column: x => x.PayerAccountId,
                        principalSchema: "ledger",
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccountHolder_UserId",
                schema: "ledger",
                table: "AccountHolder",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_ExchangeId",
                schema: "ledger",
                table: "Accounts",
                column: "ExchangeId");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_OwnerId_ExchangeId_Kind",
                schema: "ledger",
                table: "Accounts",
                columns: new[] { "OwnerId", "ExchangeId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_ProcessedAt",
                schema: "ledger",
                table: "InboxMessages",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_JournalEntries_CreditAccountId_PostedAt",
                schema: "ledger",
                table: "JournalEntries",
                columns: new[] { "CreditAccountId", "PostedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_JournalEntries_DebitAccountId_PostedAt",
                schema: "ledger",
                table: "JournalEntries",
                columns: new[] { "DebitAccountId", "PostedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_JournalEntries_TransferId",
                schema: "ledger",
                table: "JournalEntries",
                column: "TransferId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LimitChanges_AccountId_ChangedAt",
                schema: "ledger",
                table: "LimitChanges",
                columns: new[] { "AccountId", "ChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_SentAt_NextAttemptAt",
                schema: "ledger",
                table: "OutboxMessages",
                columns: new[] { "SentAt", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentRequests_PayeeAccountId_Status",
                schema: "ledger",
                table: "PaymentRequests",
                columns: new[] { "PayeeAccountId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentRequests_PayerAccountId_Status",
                schema: "ledger",
                table: "PaymentRequests",
                columns: new[] { "PayerAccountId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentRequests_Status_DueDate",
                schema: "ledger",
                table: "PaymentRequests",
                columns: new[] { "Status", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_CreditAccountId_CreatedAt",
                schema: "ledger",
                table: "Transfers",
                columns: new[] { "CreditAccountId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_DebitAccountId_CreatedAt",
                schema: "ledger",
                table: "Transfers",
                columns: new[] { "DebitAccountId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_HoldStatus_ExpiresAt",
                schema: "ledger",
                table: "Transfers",
                columns: new[] { "HoldStatus", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_OrderReference",
                schema: "ledger",
                table: "Transfers",
                column: "OrderReference");

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_TradeId",
                schema: "ledger",
                table: "Transfers",
                column: "TradeId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountHolder",
                schema: "ledger");

            migrationBuilder.DropTable(
                name: "InboxMessages",
                schema: "ledger");

            migrationBuilder.DropTable(
                name: "JournalEntries",
                schema: "ledger");

            migrationBuilder.DropTable(
                name: "LimitChanges",
                schema: "ledger");

            migrationBuilder.DropTable(
                name: "OutboxMessages",
                schema: "ledger");

            migrationBuilder.DropTable(
                name: "PaymentRequests",
                schema: "ledger");

            migrationBuilder.DropTable(
                name: "Transfers",
                schema: "ledger");

            migrationBuilder.DropTable(
                name: "Accounts",
                schema: "ledger");

            migrationBuilder.DropTable(
                name: "Exchanges",
                schema: "ledger");
        }
    }
}
