using MassTransit;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ordering.Consumers;

/// <summary>
/// Keeps the listing copy at the snapshot with the greatest version: an older snapshot arriving late (a retried
/// outbox row) changes nothing. On SQLite and PostgreSQL one upsert guarded by the version does it
/// (<see cref="ListingCopyUpsert"/>), so snapshots of one listing handled at once neither race on the primary key nor
/// conflict. Elsewhere (SQL Server) the copy is loaded, compared and saved: two snapshots handled at once race on the
/// primary key (insert) or are serialised by the retry of the loser, which then sees the newer version.
/// </summary>
public sealed class CopyListing(OrderingDbContext db, TimeProvider time, ILogger<CopyListing> logger)
    : InboxConsumer<ListingChanged, OrderingDbContext>(db, time, logger)
{
    protected override string ConsumerName => "ordering.copy-listing";

    protected override async Task HandleAsync(ListingChanged message, ConsumeContext<ListingChanged> context)
    {
        if (ListingCopyUpsert.Supports(Db))
        {
            await ListingCopyUpsert.ApplyAsync(Db, message, context.CancellationToken);
            return;
        }

        var copy = await Db.Listings.FindAsync([message.ListingId], context.CancellationToken);
        if (copy is null)
        {
            copy = new ListingCopy { ListingId = message.ListingId, Version = int.MinValue };
            Db.Listings.Add(copy);
        }

        if (message.Version <= copy.Version)
        {
            return;
        }

        copy.VendorId = message.VendorId;
        copy.Title = message.Title;
        copy.Status = message.Status;
        copy.PriceCents = message.PriceCents;
        copy.PriceCredits = message.PriceCredits;
        copy.Stock = message.Stock;
        copy.Version = message.Version;
        copy.ChangedAt = message.ChangedAt;
    }
}
