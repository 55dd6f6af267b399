namespace SolidarityMarket.Ordering.Data;

/// <summary>
/// Every credit account the ledger announced (<c>CreditAccountOpened</c>), vendors' and individuals' alike: the
/// event may overtake <c>VendorRegistered</c> on another queue, so the owner is kept even when it is not (yet) a
/// known vendor, and <see cref="VendorCopy.CreditAccountId"/> is filled from here when the vendor arrives.
/// </summary>
public sealed class CreditAccountCopy
{
    public Guid AccountId { get; set; }

    public Guid OwnerId { get; set; }

    public string ExchangeId { get; set; } = "";

    public DateTimeOffset OpenedAt { get; set; }
}
