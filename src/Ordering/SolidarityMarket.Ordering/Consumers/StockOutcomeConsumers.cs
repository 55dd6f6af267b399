using Microsoft.Extensions.Logging;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;

namespace SolidarityMarket.Ordering.Consumers;

/// <summary>Catalog reserved the order's stock: credits orders ask the ledger for the hold; card orders wait for their checkout.</summary>
public sealed class OnStockReserved(OrderingDbContext db, TimeProvider time, OrderWorkflow workflow, ILogger<OnStockReserved> logger)
    : OrderMessageConsumer<StockReserved>(db, time, workflow, logger)
{
    protected override string ConsumerName => "ordering.stock-reserved";

    protected override Guid OrderId(StockReserved message) => message.OrderId;

    protected override (OrderTrigger, string, string?) Describe(StockReserved message) => (OrderTrigger.StockReserved, Actors.Catalog, null);
}

/// <summary>Catalog could not reserve the order's stock: the order is rejected.</summary>
public sealed class OnStockReservationRejected(OrderingDbContext db, TimeProvider time, OrderWorkflow workflow, ILogger<OnStockReservationRejected> logger)
    : OrderMessageConsumer<StockReservationRejected>(db, time, workflow, logger)
{
    protected override string ConsumerName => "ordering.stock-reservation-rejected";

    protected override Guid OrderId(StockReservationRejected message) => message.OrderId;

    protected override (OrderTrigger, string, string?) Describe(StockReservationRejected message) =>
        (OrderTrigger.StockRejected, Actors.Catalog, string.Join(", ", (message.RejectedLines ?? []).Select(l => $"{l.ListingId}: {l.Reason}")));
}
