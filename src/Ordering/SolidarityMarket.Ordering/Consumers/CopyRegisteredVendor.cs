using MassTransit;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ordering.Consumers;

/// <summary>Adds a newly registered vendor to Ordering's read copy (not certified, no card charges yet).</summary>
public sealed class CopyRegisteredVendor(OrderingDbContext db, TimeProvider time, ILogger<CopyRegisteredVendor> logger)
    : InboxConsumer<VendorRegistered, OrderingDbContext>(db, time, logger)
{
    protected override string ConsumerName => "ordering.copy-registered-vendor";

    protected override async Task HandleAsync(VendorRegistered message, ConsumeContext<VendorRegistered> context)
    {
        var copy = await Db.Vendors.FindAsync([message.VendorId], context.CancellationToken);
        if (copy is null)
        {
            copy = new VendorCopy { VendorId = message.VendorId };
            Db.Vendors.Add(copy);
        }

        copy.Name = message.Name;
        copy.Sector = message.Sector;
        copy.UpdatedAt = Time.GetUtcNow();
    }
}
