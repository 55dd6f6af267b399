using Microsoft.Extensions.Hosting;
using SolidarityMarket.Ordering.Consumers;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Features;
using SolidarityMarket.Ordering.Features.Payments;
using SolidarityMarket.Ordering.Payments.Stripe;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Hosting;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ordering;

/// <summary>Ordering: carts, checkout, the order lifecycle and payments.</summary>
public sealed class OrderingModule : IServiceModule
{
    public string Name => "Ordering";

    public void Add(IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<OrderingDbContext, OrderingSqliteDbContext, OrderingPostgresDbContext, OrderingSqlServerDbContext>("Ordering");
        builder.Messaging()
            .AddConsumer<CopyRegisteredVendor>("ordering", "vendor-registered")
            .AddConsumer<CopyVendorCertified>("ordering", "vendor-certified")
            .AddConsumer<CopyVendorCertificationExpired>("ordering", "vendor-certification-expired")
            .AddConsumer<CopyVendorCertificationRevoked>("ordering", "vendor-certification-revoked");

        // Stripe last: with Stripe:SecretKey set it replaces the simulated card gateway registered above.
        StripePayments.Add(builder);
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/ordering").WithTags("Ordering").RequireAuthorization();
        GetVendorPaymentOptions.Map(group);

        // Outside the signed-in /api/ordering group: Stripe authenticates by signature (see StripeWebhook).
        StripeWebhook.Map(endpoints);
    }
}
