using MassTransit;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Features.Listings;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Catalog.Consumers;

/// <summary>
/// Reserves an order's stock, all lines or none, once per order id (queue <c>catalog-reserve-stock</c>).
/// <list type="bullet">
/// <item>A line is rejected for an unknown or unpublished listing (<c>unknown-listing</c>, <c>not-published</c>), a
/// quantity below 1 (<c>invalid-quantity</c>) or too little stock (<c>insufficient-stock</c>).</item>
/// <item>Stock is taken by a conditional update, <c>UPDATE ... SET Stock = Stock - n WHERE Stock &gt;= n</c>, inside the
/// consumer's transaction: of two orders racing for the last unit exactly one update matches the row and the other
/// is rejected; stock never goes negative. If any line fails, the lines already taken are given back in the same
/// transaction, so nothing is held.</item>
/// <item>Each take locks its listing's row until the commit, and every other order of that listing waits for it, so the
/// takes come after every read, in listing id order (two orders sharing listings cannot deadlock), and on PostgreSQL
/// return the stock they left (no read-back while the rows are locked): what remains under the locks is the batch
/// of inserts (reservation, inbox and outbox rows, one round trip) and the commit. See docs/performance-history.md,
/// "The stock take's row lock".</item>
/// <item>The outcome is stored as a <see cref="StockReservation"/> (keyed by the order id) and published
/// (<see cref="StockReserved"/> or <see cref="StockReservationRejected"/>) through the outbox in the same transaction,
/// with a <see cref="ListingStockChanged"/> per listing that counts stock. A <see cref="ListingChanged"/> snapshot goes
/// out only for a listing the reservation sold out (stock 0): see <see cref="ListingSnapshot.PublishSoldOutAsync"/>.
/// Another <see cref="ReserveStock"/> for the same order changes nothing and publishes the stored outcome again.</item>
/// </list>
/// </summary>
public sealed class ReserveStockConsumer(CatalogDbContext db, TimeProvider time, ILogger<ReserveStockConsumer> logger)
    : InboxConsumer<ReserveStock, CatalogDbContext>(db, time, logger)
{
    public const string QueueName = "reserve-stock";

    public const string UnknownListing = "unknown-listing";
    public const string NotPublished = "not-published";
    public const string InvalidQuantity = "invalid-quantity";
    public const string InsufficientStock = "insufficient-stock";
    public const string OrderReleased = "order-released";

    protected override string ConsumerName => "catalog.reserve-stock";

    // Compiled: both run for every reservation, so EF's per-call query work adds up.
    private static readonly CompiledQueryPerModel<Func<CatalogDbContext, Guid, CancellationToken, Task<StockReservation?>>> ReservationQuery = new(() =>
        EF.CompileAsyncQuery((CatalogDbContext db, Guid orderId, CancellationToken ct) =>
            db.StockReservations.Include(r => r.Lines).FirstOrDefault(r => r.OrderId == orderId)));

    private static readonly CompiledQueryPerModel<Func<CatalogDbContext, List<Guid>, IAsyncEnumerable<ListingStatusRow>>> StatusesQuery = new(() =>
        EF.CompileAsyncQuery((CatalogDbContext db, List<Guid> ids) => db.Listings.AsNoTracking()
            .Where(l => ids.Contains(l.Id))
            .Select(l => new ListingStatusRow(l.Id, l.Status))));

    private sealed record ListingStatusRow(Guid Id, ListingStatus Status);

    protected override async Task HandleAsync(ReserveStock message, ConsumeContext<ReserveStock> context)
    {
        var ct = context.CancellationToken;
        var now = Time.GetUtcNow();
        var existing = await ReservationQuery.For(Db)(Db, message.OrderId, ct);
        if (existing is not null)
        {
            logger.LogInformation("Stock reservation of order {OrderId} already {Status}; publishing its outcome again", message.OrderId, existing.Status);
            PublishOutcome(existing, message, now);
            return;
        }

        var lines = (message.Lines ?? []).Select((l, i) => new StockReservationLine { LineNumber = i + 1, ListingId = l.ListingId, Quantity = l.Quantity }).ToList();
        var reservation = new StockReservation { OrderId = message.OrderId, CreatedAt = now, Lines = lines };
        await CheckLinesAsync(lines, ct);
        if (lines.Count > 0 && lines.All(l => l.RejectionReason is null))
        {
            await TakeStockAsync(message.OrderId, lines, now, ct);
        }

        reservation.Status = lines.Count > 0 && lines.All(l => l.RejectionReason is null) ? StockReservationStatus.Reserved : StockReservationStatus.Rejected;
        Db.StockReservations.Add(reservation);
        PublishOutcome(reservation, message, now);
    }

    /// <summary>Marks lines whose listing is unknown or not published, or whose quantity is below 1.</summary>
    private async Task CheckLinesAsync(List<StockReservationLine> lines, CancellationToken ct)
    {
        var ids = lines.Select(l => l.ListingId).Distinct().ToList();
        var statuses = (await StatusesQuery.For(Db)(Db, ids).ToListAsync(ct)).ToDictionary(l => l.Id, l => l.Status);
        foreach (var line in lines)
        {
            line.RejectionReason = !statuses.TryGetValue(line.ListingId, out var status) ? UnknownListing
                : status != ListingStatus.Published ? NotPublished
                : line.Quantity <= 0 ? InvalidQuantity
                : null;
        }
    }

    /// <summary>
    /// Takes each listing's total quantity with a conditional update; when one cannot be taken, marks its lines
    /// <c>insufficient-stock</c> and gives back what was taken, all inside the consumer's transaction. Each line
    /// records what it took (<see cref="StockReservationLine.QuantityTaken"/>): nothing from a listing without a stock
    /// count, so its release gives nothing back even if the vendor has given it a capacity since.
    /// </summary>
    private async Task TakeStockAsync(Guid orderId, List<StockReservationLine> lines, DateTimeOffset now, CancellationToken ct)
    {
        var wanted = lines.GroupBy(l => l.ListingId).Select(g => (ListingId: g.Key, Quantity: g.Sum(l => l.Quantity))).OrderBy(w => w.ListingId).ToList();
        var taken = new List<(Guid ListingId, int Quantity)>();
        var stockLeft = new List<StockMovements.StockNow>();
        var stockLeftReturned = true;
        // In listing id order (wanted is sorted), so two orders that share listings lock their rows in the same
        // order whatever their lines' order, and cannot deadlock each other.
        foreach (var (listingId, quantity) in wanted)
        {
            // Counted stock first; then a listing without a count (a service without capacity), which takes nothing
            // but still moves the version, so an edit read before it is refused as a concurrent change. Each is
            // one atomic statement, so a capacity set in between is seen by exactly one of them.
            var take = await StockMovements.TakeCountedAsync(Db, listingId, quantity, now, ct);
            var counted = take is null ? 0 : 1;
            if (take?.StockLeft is { } left)
            {
                stockLeft.Add(left);
            }

            stockLeftReturned &= take is null || take.StockLeft is not null;

            var unlimited = counted == 1 ? 0 : await Db.Listings
                .Where(l => l.Id == listingId && l.Status == ListingStatus.Published && l.Stock == null)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Version, l => l.Version + 1).SetProperty(l => l.UpdatedAt, now), ct);
            if (counted == 1 || unlimited == 1)
            {
                var takenQuantity = counted == 1 ? quantity : 0;
                taken.Add((listingId, takenQuantity));
                foreach (var line in lines.Where(l => l.ListingId == listingId))
                {
                    line.QuantityTaken = counted == 1 ? line.Quantity : 0;
                }
            }
            else
            {
                foreach (var line in lines.Where(l => l.ListingId == listingId))
                {
                    line.RejectionReason = InsufficientStock;
                }
            }
        }

        if (taken.Count < wanted.Count)
        {
            foreach (var (listingId, quantity) in taken.Where(t => t.Quantity > 0))
            {
                await StockMovements.GiveBackAsync(Db, listingId, quantity, now, ct);
            }

            foreach (var line in lines)
            {
                line.QuantityTaken = 0;
            }

            // Taking and giving back moved those listings' versions but not their stock: nothing for a copy to learn.
            logger.LogInformation("Stock reservation of order {OrderId} rejected: not enough stock", orderId);
            return;
        }

        // What the takes returned (PostgreSQL), or one read-back, serves both: the stock events, and which listings
        // this reservation sold out. The rows stay locked until the commit, so either way they are the stock left.
        var stockNow = stockLeftReturned
            ? StockMovements.PublishStockChanged(Db, stockLeft, now)
            : await StockMovements.PublishStockChangedAsync(Db, taken.Select(t => t.ListingId), now, ct);
        await ListingSnapshot.PublishSoldOutAsync(Db, stockNow.Select(s => (s.ListingId, s.Stock)), now, ct);
    }

    /// <summary>
    /// Publishes the stored outcome. An order whose stock was released (possibly before it was ever reserved)
    /// answers a rejection of the requested lines with <c>order-released</c>: it holds nothing.
    /// </summary>
    private void PublishOutcome(StockReservation reservation, ReserveStock request, DateTimeOffset now)
    {
        var lines = reservation.Lines.OrderBy(l => l.LineNumber).ToList();
        switch (reservation.Status)
        {
            case StockReservationStatus.Reserved:
                Db.Publish(new StockReserved(reservation.OrderId, lines.Select(l => new StockLine(l.ListingId, l.Quantity)).ToList(), reservation.CreatedAt), now);
                break;
            case StockReservationStatus.Rejected:
                Db.Publish(new StockReservationRejected(
                    reservation.OrderId,
                    lines.Where(l => l.RejectionReason is not null).Select(l => new RejectedStockLine(l.ListingId, l.RejectionReason!)).ToList(),
                    reservation.CreatedAt), now);
                break;
            default:
                Db.Publish(new StockReservationRejected(
                    reservation.OrderId, (request.Lines ?? []).Select(l => new RejectedStockLine(l.ListingId, OrderReleased)).ToList(), reservation.ReleasedAt ?? now), now);
                break;
        }
    }
}
