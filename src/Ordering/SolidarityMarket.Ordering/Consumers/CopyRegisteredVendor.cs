using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ordering.Consumers;

/// <summary>Adds a newly registered vendor to Ordering's read copy (not certified, no card charges yet), with its staff (unless a later staff change arrived first) and membership category.</summary>
public sealed class CopyRegisteredVendor(OrderingDbContext db, TimeProvider time, ILogger<CopyRegisteredVendor> logger)
    : InboxConsumer<VendorRegistered, OrderingDbContext>(db, time, logger)
{
    protected override string ConsumerName => "ordering.copy-registered-vendor";

    protected override async Task HandleAsync(VendorRegistered message, ConsumeContext<VendorRegistered> context)
    {
        var copy = await VendorCopies.FindOrAddAsync(Db, message.VendorId, context.CancellationToken);

        copy.Name = message.Name;
        copy.Sector = message.Sector;
        copy.MembershipCategory = message.MembershipCategory;
        if (copy.StaffVersion == 0)
        {
            // Otherwise a staff change overtook the registration (another queue), and its list is newer.
            copy.StaffUserIds = [.. message.StaffUserIds ?? []];
        }

        // The ledger's CreditAccountOpened may have arrived first (another queue); it was kept for this moment.
        copy.CreditAccountId ??= await Db.CreditAccounts.AsNoTracking()
            .Where(a => a.OwnerId == message.VendorId).OrderBy(a => a.OpenedAt).Select(a => (Guid?)a.AccountId)
            .FirstOrDefaultAsync(context.CancellationToken);
        copy.UpdatedAt = Time.GetUtcNow();
    }
}
