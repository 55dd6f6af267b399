using SolidarityMarket.Ordering.Data;

namespace SolidarityMarket.Ordering.Orders;

/// <summary>The names of the vendors of some orders, from Ordering's own copy of the vendors (one query).</summary>
public static class VendorNames
{
    public static async Task<Dictionary<Guid, string>> OfAsync(OrderingDbContext db, IEnumerable<Order> orders, CancellationToken ct)
    {
        var vendorIds = orders.Select(o => o.VendorId).Distinct().ToList();
        return await db.Vendors.AsNoTracking().Where(v => vendorIds.Contains(v.VendorId)).ToDictionaryAsync(v => v.VendorId, v => v.Name, ct);
    }
}
