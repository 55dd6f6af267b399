using MassTransit;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Features.Listings;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Catalog.Consumers;

/// <summary>
/// Gives an order's reserved stock back (queue <c>catalog-release-stock</c>) and publishes <see cref="StockReleased"/>
/// and a <see cref="ListingChanged"/> snapshot of each listing given stock back,
/// in one transaction. Releasing an order that is already released or was rejected changes nothing. A release that
/// arrives before its reservation records the order as released, so the late <see cref="ReserveStock"/> holds nothing.
/// </summary>
public sealed class ReleaseStockConsumer(CatalogDbContext db, TimeProvider time, ILogger<ReleaseStockConsumer> logger)
    : InboxConsumer<ReleaseStock, CatalogDbContext>(db, time, logger)
{
    public const string QueueName = "release-stock";

    protected override string ConsumerName => "catalog.release-stock";

    protected override async Task HandleAsync(ReleaseStock message, ConsumeContext<ReleaseStock> context)
    {
        var ct = context.CancellationToken;
        var now = Time.GetUtcNow();
        var reservation = await Db.StockReservations.Include(r => r.Lines).FirstOrDefaultAsync(r => r.OrderId == message.OrderId, ct);
        if (reservation is null)
        {
            logger.LogInformation("Release of order {OrderId} arrived before its reservation; recording it as released", message.OrderId);
            Db.StockReservations.Add(new StockReservation { OrderId = message.OrderId, Status = StockReservationStatus.Released, CreatedAt = now, ReleasedAt = now });
            return;
        }

        if (reservation.Status != StockReservationStatus.Reserved)
        {
            return;
        }

        var changed = new List<Guid>();
        foreach (var group in reservation.Lines.GroupBy(l => l.ListingId).OrderBy(g => g.Key))
        {
            if (await StockMovements.GiveBackAsync(Db, group.Key, group.Sum(l => l.Quantity), now, ct) == 1)
            {
                changed.Add(group.Key);
            }
        }

        reservation.Status = StockReservationStatus.Released;
        reservation.ReleasedAt = now;
        await StockMovements.PublishStockChangedAsync(Db, reservation.Lines.Select(l => l.ListingId), now, ct);
        await ListingSnapshot.PublishCurrentAsync(Db, changed, now, ct);
        Db.Publish(new StockReleased(reservation.OrderId, now), now);
    }
}
