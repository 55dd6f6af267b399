namespace SolidarityMarket.Ordering.Data;

/// <summary>Finding a vendor's copy for the consumers that build it from Catalog's events, in any arrival order.</summary>
public static class VendorCopies
{
    /// <summary>
    /// The copy of <paramref name="vendorId"/>, added (tracked, not saved) when no event of the vendor's came before:
    /// an event that overtook <c>VendorRegistered</c> (another queue) creates it, and the registration fills in the name.
    /// </summary>
    public static async Task<VendorCopy> FindOrAddAsync(OrderingDbContext db, Guid vendorId, CancellationToken ct)
    {
        var copy = await db.Vendors.FindAsync([vendorId], ct);
        if (copy is null)
        {
            copy = new VendorCopy { VendorId = vendorId };
            db.Vendors.Add(copy);
        }

        return copy;
    }
}
