using MassTransit;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ledger.Consumers;

/// <summary>
/// Makes a vendor's new staff the holders of its member accounts when Catalog changes it: who left the co-op can no
/// longer read or spend from its accounts, who joined can. An older list than one applied changes nothing
/// (<see cref="VendorHolders"/>), whatever order the changes arrive in.
/// </summary>
public sealed class FollowVendorStaff(LedgerDbContext db, TimeProvider time, ILogger<FollowVendorStaff> logger)
    : InboxConsumer<VendorStaffChanged, LedgerDbContext>(db, time, logger)
{
    protected override string ConsumerName => "ledger.follow-vendor-staff";

    protected override Task HandleAsync(VendorStaffChanged message, ConsumeContext<VendorStaffChanged> context) =>
        VendorHolders.ApplyAsync(Db, message.VendorId, message.StaffUserIds ?? [], message.StaffVersion, Time.GetUtcNow(), context.CancellationToken);
}
