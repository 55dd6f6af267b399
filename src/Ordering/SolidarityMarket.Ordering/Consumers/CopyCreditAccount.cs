using MassTransit;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Contracts.Ledger;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ordering.Consumers;

/// <summary>
/// Keeps every announced credit account (an individual's too: harmless, and the owner may become a vendor later)
/// and gives a known vendor its first account as the payee of credit orders.
/// </summary>
public sealed class CopyCreditAccount(OrderingDbContext db, TimeProvider time, ILogger<CopyCreditAccount> logger)
    : InboxConsumer<CreditAccountOpened, OrderingDbContext>(db, time, logger)
{
    protected override string ConsumerName => "ordering.copy-credit-account";

    protected override async Task HandleAsync(CreditAccountOpened message, ConsumeContext<CreditAccountOpened> context)
    {
        var ct = context.CancellationToken;
        if (await Db.CreditAccounts.FindAsync([message.AccountId], ct) is null)
        {
            Db.CreditAccounts.Add(new CreditAccountCopy { AccountId = message.AccountId, OwnerId = message.OwnerId, ExchangeId = message.ExchangeId, OpenedAt = message.OpenedAt });
        }

        var vendor = await Db.Vendors.FindAsync([message.OwnerId], ct);
        if (vendor is not null && vendor.CreditAccountId is null)
        {
            vendor.CreditAccountId = message.AccountId;
            vendor.UpdatedAt = Time.GetUtcNow();
        }
    }
}
