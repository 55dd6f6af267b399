using MassTransit;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Contracts.Ordering;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Catalog.Consumers;

/// <summary>
/// Keeps the vendor's card-payment account id and status as Ordering reports them (queue
/// <c>catalog-vendor-payment-account-updated</c>). Reports can arrive out of order, so the latest observation wins: the
/// update is one conditional statement, <c>WHERE ObservedAt IS NULL OR ObservedAt &lt; @observedAt</c>, which also
/// settles two concurrent reports for one vendor in the database rather than by whoever commits last.
/// </summary>
public sealed class RecordVendorPaymentAccount(CatalogDbContext db, TimeProvider time, ILogger<RecordVendorPaymentAccount> logger)
    : InboxConsumer<VendorPaymentAccountUpdated, CatalogDbContext>(db, time, logger)
{
    public const string QueueName = "vendor-payment-account-updated";

    protected override string ConsumerName => "catalog.vendor-payment-account-updated";

    protected override async Task HandleAsync(VendorPaymentAccountUpdated message, ConsumeContext<VendorPaymentAccountUpdated> context)
    {
        if (string.IsNullOrWhiteSpace(message.AccountId) || message.AccountId.Length > VendorLimits.PaymentAccountId)
        {
            // Would not fit the column; retrying cannot help, so it is recorded as handled and logged loudly.
            logger.LogWarning("Payment account report for vendor {VendorId} has an unusable account id; ignored", message.VendorId);
            return;
        }

        var observedAt = message.ObservedAt;
        var updated = await Db.Vendors
            .Where(v => v.Id == message.VendorId && (v.PaymentAccountObservedAt == null || v.PaymentAccountObservedAt < observedAt))
            .ExecuteUpdateAsync(
                s => s.SetProperty(v => v.PaymentAccountId, message.AccountId)
                    .SetProperty(v => v.ChargesEnabled, message.ChargesEnabled)
                    .SetProperty(v => v.PayoutsEnabled, message.PayoutsEnabled)
                    .SetProperty(v => v.PaymentAccountObservedAt, observedAt),
                context.CancellationToken);
        if (updated == 0)
        {
            // Unknown vendor, or an observation no newer than the one stored: nothing to change (recorded in the inbox).
            logger.LogInformation("Payment account report for vendor {VendorId} observed at {ObservedAt} ignored: unknown vendor or not newer", message.VendorId, observedAt);
        }
    }
}
