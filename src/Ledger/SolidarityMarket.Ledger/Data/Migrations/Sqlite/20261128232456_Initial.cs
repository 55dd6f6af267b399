using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolidarityMarket.Ledger.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Exchanges",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    FeeBasisPoints = table.Column<int>(type: "INTEGER", nullable: false),
                    OperatingAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClearingAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReserveAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LastSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    LastHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Exchanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "InboxMessages",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Consumer = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProcessedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboxMessages", x => new { x.MessageId, x.Consumer });
                });

            migrationBuilder.CreateTable(
                name: "JournalEntries",
                columns: table => new
                {
                    ExchangeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    TransferId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DebitAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreditAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    RelatedTransferId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PostedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Memo = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    OrderReference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    PreviousHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JournalEntries", x => new { x.ExchangeId, x.Sequence });
                });

            migrationBuilder.CreateTable(
                name: "LimitChanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PreviousDebitLimit = table.Column<long>(type: "INTEGER", nullable: false),
                    PreviousCreditLimit = table.Column<long>(type: "INTEGER", nullable: false),
                    DebitLimit = table.Column<long>(type: "INTEGER", nullable: false),
                    CreditLimit = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LimitChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutboxMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageType = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    Destination = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LockToken = table.Column<Guid>(type: "TEXT", nullable: true),
                    LockedUntil = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Transfers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RequestDebitAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestCreditAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Memo = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    OrderReference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    TimeoutTicks = table.Column<long>(type: "INTEGER", nullable: true),
                    PendingId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OriginalId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ExchangeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DebitAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreditAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    HoldStatus = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ResolvedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PostedAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    ReversedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    JournalSequence = table.Column<long>(type: "INTEGER", nullable: true),
                    TradeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TradeRole = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    TradeFeeBasisPoints = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Transfers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Accounts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ExchangeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Balance = table.Column<long>(type: "INTEGER", nullable: false),
                    PendingDebits = table.Column<long>(type: "INTEGER", nullable: false),
                    PendingCredits = table.Column<long>(type: "INTEGER", nullable: false),
                    DebitLimit = table.Column<long>(type: "INTEGER", nullable: false),
                    CreditLimit = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Accounts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Accounts_Exchanges_ExchangeId",
                        column: x => x.ExchangeId,
                        principalTable: "Exchanges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AccountHolder",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountHolder", x => new { x.AccountId, x.UserId });
                    table.ForeignKey(
                        name: "FK_AccountHolder_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PaymentRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PayeeAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PayerAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Memo = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AcceptedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AcceptedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    TransferId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PaymentStartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PaidBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PaidAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CloseReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PaymentRequests_Accounts_PayeeAccountId",
                        column: x => x.PayeeAccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PaymentRequests_Accounts_PayerAccountId",
                        column: x => x.PayerAccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccountHolder_UserId",
                table: "AccountHolder",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_ExchangeId",
                table: "Accounts",
                column: "ExchangeId");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_OwnerId_ExchangeId_Kind",
                table: "Accounts",
                columns: new[] { "OwnerId", "ExchangeId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InboxMessages_ProcessedAt",
                table: "InboxMessages",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_JournalEntries_CreditAccountId_PostedAt",
                table: "JournalEntries",
                columns: new[] { "CreditAccountId", "PostedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_JournalEntries_DebitAccountId_PostedAt",
                table: "JournalEntries",
                columns: new[] { "DebitAccountId", "PostedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_JournalEntries_TransferId",
                table: "JournalEntries",
                column: "TransferId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LimitChanges_AccountId_ChangedAt",
                table: "LimitChanges",
                columns: new[] { "AccountId", "ChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_SentAt_NextAttemptAt",
                table: "OutboxMessages",
                columns: new[] { "SentAt", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentRequests_PayeeAccountId_Status",
                table: "PaymentRequests",
                columns: new[] { "PayeeAccountId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentRequests_PayerAccountId_Status",
                table: "PaymentRequests",
                columns: new[] { "PayerAccountId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentRequests_Status_DueDate",
                table: "PaymentRequests",
                columns: new[] { "Status", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_CreditAccountId_CreatedAt",
                table: "Transfers",
                columns: new[] { "CreditAccountId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_DebitAccountId_CreatedAt",
                table: "Transfers",
                columns: new[] { "DebitAccountId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_HoldStatus_ExpiresAt",
                table: "Transfers",
                columns: new[] { "HoldStatus", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_OrderReference",
                table: "Transfers",
                column: "OrderReference");

            migrationBuilder.CreateIndex(
                name: "IX_Transfers_TradeId",
                table: "Transfers",
                column: "TradeId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountHolder");

            migrationBuilder.DropTable(
                name: "InboxMessages");

            migrationBuilder.DropTable(
                name: "JournalEntries");

            migrationBuilder.DropTable(
                name: "LimitChanges");

            migrationBuilder.DropTable(
                name: "OutboxMessages");

            migrationBuilder.DropTable(
                name: "PaymentRequests");

            migrationBuilder.DropTable(
                name: "Transfers");

            migrationBuilder.DropTable(
                name: "Accounts");

            migrationBuilder.DropTable(
                name: "Exchanges");
        }
    }
}
