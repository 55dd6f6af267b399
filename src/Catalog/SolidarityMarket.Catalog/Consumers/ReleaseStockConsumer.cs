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
/// in one transaction. Releasing an order that is already released or was rejected changes nothing, also when two
/// releases of one order run at once: the reservation is claimed by a conditional update before any stock moves. A release that
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
        // Claim the reservation first, with one conditional statement: of two releases of one order (Ordering sends
        // one on cancel and another when a late StockReserved meets the cancelled order, with different message ids)
        // exactly one moves it from Reserved to Released. The other's update waits for the row lock, then finds it
        // no longer Reserved (PostgreSQL and SQL Server re-check the WHERE) and gives nothing back. Reading the status
        // and then updating the stock, as before, let both read Reserved and both give the stock back.
        var claimed = await Db.StockReservations
            .Where(r => r.OrderId == message.OrderId && r.Status == StockReservationStatus.Reserved)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, StockReservationStatus.Released).SetProperty(r => r.ReleasedAt, now), ct);
        if (claimed == 0)
        {
            if (!await Db.StockReservations.AnyAsync(r => r.OrderId == message.OrderId, ct))
            {
                logger.LogInformation("Release of order {OrderId} arrived before its reservation; recording it as released", message.OrderId);
                Db.StockReservations.Add(new StockReservation { OrderId = message.OrderId, Status = StockReservationStatus.Released, CreatedAt = now, ReleasedAt = now });
            }

            // Already released, or rejected: nothing is held.
            return;
        }

        var lines = await Db.Set<StockReservationLine>().AsNoTracking().Where(l => l.OrderId == message.OrderId).ToListAsync(ct);
        var changed = new List<Guid>();
        // Only what each line took: a line of a listing that counted no stock when it was reserved took nothing.
        foreach (var group in lines.Where(l => l.QuantityTaken > 0).GroupBy(l => l.ListingId).OrderBy(g => g.Key))
        {
            if (await StockMovements.GiveBackAsync(Db, group.Key, group.Sum(l => l.QuantityTaken), now, ct) == 1)
            {
                changed.Add(group.Key);
            }
        }

        await StockMovements.PublishStockChangedAsync(Db, lines.Select(l => l.ListingId), now, ct);
        await ListingSnapshot.PublishCurrentAsync(Db, changed, now, ct);
        Db.Publish(new StockReleased(message.OrderId, now), now);
    }
}
