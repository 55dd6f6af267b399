using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.Contracts.Ledger;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ledger.Consumers;

/// <summary>
/// Opens a co-op's credit account in its sector's exchange when Catalog registers it, with the default limits of
/// its membership category — except that a vendor no administrator registered gets debit limit 0 (it may receive
/// credits up to the credit limit but spend nothing below zero) until an administrator grants one through
/// <see cref="Features.ChangeAccount"/>: otherwise any member could open itself debt by registering vendors. Its holders are the vendor's staff, the newest list heard of (<see cref="VendorHolders"/>). Announces <see cref="CreditAccountOpened"/>. A sector without an exchange fails
/// the message into the error queue (visible) rather than inventing an exchange.
/// </summary>
public sealed class OpenVendorAccount(LedgerDbContext db, TimeProvider time, IOptions<LedgerOptions> options, ILogger<OpenVendorAccount> logger)
    : InboxConsumer<VendorRegistered, LedgerDbContext>(db, time, logger)
{
    protected override string ConsumerName => "ledger.open-vendor-account";

    protected override async Task HandleAsync(VendorRegistered message, ConsumeContext<VendorRegistered> context)
    {
        if (!await Db.Exchanges.AnyAsync(x => x.Id == message.Sector, context.CancellationToken))
        {
            throw new InvalidOperationException($"Vendor {message.VendorId} trades in sector '{message.Sector}', which has no exchange. Configure Ledger:Exchanges.");
        }

        var exists = await Db.Accounts.AnyAsync(
            a => a.OwnerId == message.VendorId && a.ExchangeId == message.Sector && a.Kind == AccountKind.Member, context.CancellationToken);
        if (exists)
        {
            return;
        }

        var now = Time.GetUtcNow();
        var limits = options.Value.LimitsFor(message.MembershipCategory);
        // A staff change may have overtaken the registration (another queue): its list wins (ADR 0033).
        var holders = await VendorHolders.ForNewAccountAsync(Db, message.VendorId, message.StaffUserIds ?? [], now, context.CancellationToken);
        MemberAccounts.Open(Db, message.VendorId, message.Sector, message.Name, message.VettedByAdministrator ? limits.DebitLimit : 0, limits.CreditLimit, holders, now);
    }
}
