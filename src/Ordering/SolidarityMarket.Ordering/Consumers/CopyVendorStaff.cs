using MassTransit;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ordering.Consumers;

/// <summary>
/// Follows Catalog's staff changes in the vendor copy, so who left a co-op no longer sees or handles its orders and
/// who joined does. Keeps the list with the greatest <see cref="VendorCopy.StaffVersion"/>; a change that overtakes
/// the vendor's registration creates the copy, whose name the registration fills in later.
/// </summary>
public sealed class CopyVendorStaff(OrderingDbContext db, TimeProvider time, ILogger<CopyVendorStaff> logger)
    : InboxConsumer<VendorStaffChanged, OrderingDbContext>(db, time, logger)
{
    protected override string ConsumerName => "ordering.copy-vendor-staff";

    protected override async Task HandleAsync(VendorStaffChanged message, ConsumeContext<VendorStaffChanged> context)
    {
        var copy = await VendorCopies.FindOrAddAsync(Db, message.VendorId, context.CancellationToken);
        if (copy.StaffVersion >= message.StaffVersion)
        {
            return; // this list, or a newer one, is copied already
        }

        copy.StaffUserIds = [.. message.StaffUserIds ?? []];
        copy.StaffVersion = message.StaffVersion;
        copy.UpdatedAt = Time.GetUtcNow();
    }
}
