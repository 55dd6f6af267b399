using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>
/// On SQL Server the buyers' checkout keys and Stripe's ids (case-sensitive base62) are compared exactly (binary
/// collation), not case-insensitively as SQL Server's usual collation would; the SQLite and PostgreSQL models keep
/// their own exact comparison untouched. No SQL Server runs here: the contexts are built but never opened.
/// </summary>
public sealed class SqlServerKeyCollationTests
{
    private static readonly string[] ExactColumns =
    [
        $"Checkouts.CardChargeId={SqlServerCollations.ExactKeys}",
        $"Checkouts.CardPaymentId={SqlServerCollations.ExactKeys}",
        $"Checkouts.IdempotencyKey={SqlServerCollations.ExactKeys}",
        $"Orders.RefundId={SqlServerCollations.ExactKeys}",
        $"Orders.TransferId={SqlServerCollations.ExactKeys}",
        $"Orders.TransferReversalId={SqlServerCollations.ExactKeys}",
        $"StripeWebhookEvents.EventId={SqlServerCollations.ExactKeys}",
        $"VendorCopies.StripeAccountId={SqlServerCollations.ExactKeys}",
    ];

    [Fact]
    public void Sql_server_model_compares_checkout_keys_and_stripe_ids_exactly_and_nothing_else_differently()
    {
        using var db = SqlServer();

        Assert.Equal(ExactColumns, SqlServerCollationModel.CollatedColumns(db));
    }

    [Fact]
    public void Sqlite_and_postgres_models_set_no_collation()
    {
        using var sqlite = new OrderingSqliteDbContext(new DbContextOptionsBuilder<OrderingSqliteDbContext>().UseSqlite("Data Source=unused.db").Options);
        using var postgres = new OrderingPostgresDbContext(new DbContextOptionsBuilder<OrderingPostgresDbContext>().UseNpgsql("Host=unused").Options);

        Assert.Empty(SqlServerCollationModel.CollatedColumns(sqlite));
        Assert.Empty(SqlServerCollationModel.CollatedColumns(postgres));
    }

    /// <summary>
    /// SQL Server refuses to change the collation of a column an index or constraint depends on. EF drops and
    /// recreates the indexes itself; the webhook events' primary key is dropped and re-added by hand in the migration.
    /// </summary>
    [Fact]
    public void Sql_server_migration_drops_and_recreates_the_indexes_and_keys_on_the_recollated_columns()
    {
        using var db = SqlServer();

        Assert.Equal(
            ["IX_Checkouts_BuyerUserId_IdempotencyKey", "IX_Checkouts_CardPaymentId", "IX_VendorCopies_StripeAccountId", "PK_StripeWebhookEvents"],
            SqlServerCollationModel.DependentsRecreatedAroundTheAlters(db, "ExactKeysOnSqlServer"));
    }

    private static OrderingSqlServerDbContext SqlServer() =>
        new(new DbContextOptionsBuilder<OrderingSqlServerDbContext>().UseSqlServer("Server=unused").Options);
}
