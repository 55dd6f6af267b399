using SolidarityMarket.Ordering.Data;

namespace SolidarityMarket.Ordering.Features;

/// <summary>How a buyer may pay a vendor, from Ordering's read copy: card only when certified and its connected account can take charges (the rule checkout applies).</summary>
public static class GetVendorPaymentOptions
{
    public sealed record PaymentOptionsDto(Guid VendorId, string Name, bool Certified, bool ChargesEnabled, bool AcceptsCard);

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/vendors/{id:guid}/payment-options", Handle).WithName("GetVendorPaymentOptions");

    public static async Task<Results<Ok<PaymentOptionsDto>, NotFound>> Handle(Guid id, OrderingDbContext db, TimeProvider time, CancellationToken ct)
    {
        var vendor = await db.Vendors.AsNoTracking().FirstOrDefaultAsync(v => v.VendorId == id, ct);
        if (vendor is null)
        {
            return TypedResults.NotFound();
        }

        var certified = vendor.Certified && vendor.CertifiedUntil > time.GetUtcNow();
        return TypedResults.Ok(new PaymentOptionsDto(vendor.VendorId, vendor.Name, certified, vendor.ChargesEnabled, vendor.AcceptsCardAt(time.GetUtcNow())));
    }
}
