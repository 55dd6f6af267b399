using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.ArchitectureTests;

/// <summary>
/// The outbox's hand-over wait names a service by its context type (the signal knows no context instance), the
/// backlog's gauges by the database's schema: for an operator's dashboard the two must agree on every service.
/// </summary>
public sealed class MessagingMetricsTests
{
    [Fact]
    public void Every_service_database_is_tagged_by_its_schema_name_in_the_outbox_metrics()
    {
        Assert.Equal(CatalogDbContext.SchemaName, OutboxMetrics.ServiceOf(typeof(CatalogDbContext)));
        Assert.Equal(OrderingDbContext.SchemaName, OutboxMetrics.ServiceOf(typeof(OrderingDbContext)));
        Assert.Equal(LedgerDbContext.SchemaName, OutboxMetrics.ServiceOf(typeof(LedgerDbContext)));
    }
}
