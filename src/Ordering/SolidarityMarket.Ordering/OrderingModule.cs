using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Hosting;
using SolidarityMarket.Ordering.Consumers;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Features;
using SolidarityMarket.Ordering.Features.Attention;
using SolidarityMarket.Ordering.Features.Payments;
using SolidarityMarket.Ordering.Payments.Stripe;
using SolidarityMarket.Ordering.Features.Cart;
using SolidarityMarket.Ordering.Features.Checkouts;
using SolidarityMarket.Ordering.Features.Orders;
using SolidarityMarket.Ordering.Features.Reconciliations;
using SolidarityMarket.Ordering.Jobs;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Hosting;
using SolidarityMarket.ServiceDefaults.Jobs;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ordering;

/// <summary>Ordering: carts, checkout, the order lifecycle and payments.</summary>
public sealed class OrderingModule : IServiceModule
{
    public string Name => "Ordering";

    public void Add(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrderingOptions>().BindConfiguration("Ordering").ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OrderingOptions>, OrderingOptionsValidator>());
        builder.AddServiceDatabase<OrderingDbContext, OrderingSqliteDbContext, OrderingPostgresDbContext, OrderingSqlServerDbContext>("Ordering");
        builder.Services.AddScoped<OrderWorkflow>();
        builder.Services.AddScoped<OrderingAccess>();
        builder.Services.AddScoped<OrderSweep>();
        builder.Services.AddScoped<ExpireUnpaidOrders>();
        builder.Services.AddScoped<AutoCompleteOrders>();
        builder.Services.AddScoped<CancelUnfulfilledOrders>();
        builder.Services.AddScoped<OrdersNeedingAttention>();
        builder.Services.AddScoped<WarnOfOrdersNeedingAttention>();
        builder.Services.AddScoped<ReconcileCardPayments>();
        builder.Services.AddScoped<ICardPaymentEvents, CardPaymentEvents>();

        // The simulated gateway is the default; with Stripe:SecretKey set, the Stripe adapter replaces this
        // registration (services.Replace after AddOrdering) and the simulate endpoint is not mapped.
        RefuseSimulatedCardsInProduction(builder);
        builder.Services.AddScoped<ICardPaymentGateway, SimulatedCardGateway>();

        builder.Messaging()
            .AddConsumer<CopyRegisteredVendor>("ordering", "vendor-registered")
            .AddConsumer<CopyVendorStaff>("ordering", "vendor-staff-changed")
            .AddConsumer<CopyVendorCertified>("ordering", "vendor-certified")
            .AddConsumer<CopyVendorCertificationExpired>("ordering", "vendor-certification-expired")
            .AddConsumer<CopyVendorCertificationRevoked>("ordering", "vendor-certification-revoked")
            .AddConsumer<CopyListing>("ordering", "listing-changed")
            .AddConsumer<CopyCreditAccount>("ordering", "credit-account-opened")
            .AddConsumer<OnStockReserved>("ordering", "stock-reserved")
            .AddConsumer<OnStockReservationRejected>("ordering", "stock-reservation-rejected")
            .AddConsumer<OnCreditsHeld>("ordering", "credits-held")
            .AddConsumer<OnCreditHoldRejected>("ordering", "credit-hold-rejected")
            .AddConsumer<OnCreditSettlementRejected>("ordering", "credit-settlement-rejected")
            .AddConsumer<StartCardPaymentConsumer>("ordering", Queues.StartCardPaymentName)
            .AddConsumer<TransferToVendorConsumer>("ordering", Queues.TransferToVendorName)
            .AddConsumer<RefundCardOrderConsumer>("ordering", Queues.RefundCardOrderName)
            .AddConsumer<AdjustCardPaymentConsumer>("ordering", Queues.AdjustCardPaymentName)
            .AddConsumer<CancelCardPaymentConsumer>("ordering", Queues.CancelCardPaymentName);
        builder.Services.AddSingleton<IStartupTask, ScheduleOrderingJobs>();

        // Stripe last: with Stripe:SecretKey set it replaces the simulated card gateway registered above.
        StripePayments.Add(builder);
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/ordering").WithTags("Ordering").RequireAuthorization();
        GetVendorPaymentOptions.Map(group);
        OnboardVendorPayments.Map(group);
        Cart.Map(group);
        CreateCheckout.Map(group);
        GetCheckout.Map(group);
        GetOrder.Map(group);
        ListOrders.Map(group);
        FulfilOrder.Map(group);
        ConfirmReceipt.Map(group);
        CancelOrder.Map(group);
        DisputeOrder.Map(group);
        ResolveDispute.Map(group);
        ListDisputes.Map(group);
        ListOrdersNeedingAttention.Map(group);
        ClearSettlementProblem.Map(group);
        ListReconciliations.Map(group);
        RunReconciliation.Map(group);
        if (UsesSimulatedCards(endpoints.ServiceProvider.GetRequiredService<IConfiguration>()))
        {
            SimulateCardPayment.Map(group);
        }

        // Outside the signed-in /api/ordering group: Stripe authenticates by signature (see StripeWebhook).
        StripeWebhook.Map(endpoints);
    }

    /// <summary>
    /// With simulated cards a buyer approves their own payment, so a production system that forgot its Stripe keys
    /// would hand out goods for nothing: it refuses to start unless an operator says this system takes no real money.
    /// </summary>
    private static void RefuseSimulatedCardsInProduction(IHostApplicationBuilder builder)
    {
        if (UsesSimulatedCards(builder.Configuration) && builder.Environment.IsProduction()
            && !builder.Configuration.GetValue<bool>("Payments:AllowSimulatedCards"))
        {
            throw new InvalidOperationException(
                "Card payments would be SIMULATED because Stripe:SecretKey is not set, and simulated card payments refuse to "
                + "start in the Production environment. Set Stripe:SecretKey and Stripe:WebhookSecret, or set "
                + "Payments:AllowSimulatedCards=true on a system that must never take real money (a staging system).");
        }
    }

    /// <summary>No Stripe key: card payments are simulated (see <see cref="SimulatedCardGateway"/>).</summary>
    public static bool UsesSimulatedCards(IConfiguration configuration) => string.IsNullOrWhiteSpace(configuration["Stripe:SecretKey"]);

    /// <summary>
    /// Unpaid-order expiry every minute, auto-completion, the fulfilment deadline and the attention warnings hourly, and the card reconciliation of the previous day at
    /// 02:00 UTC (Hangfire's recurring jobs run in UTC unless told otherwise), on Ordering's own Hangfire queue (ADR 0005).
    /// </summary>
    private sealed class ScheduleOrderingJobs : IStartupTask
    {
        public int Order => 50;

        public Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            RecurringJobRegistration.Register(services, "Ordering", jobs =>
            {
                jobs.AddOrUpdate<ExpireUnpaidOrders>(ExpireUnpaidOrders.JobId, JobsSetup.QueueName("Ordering"), job => job.RunAsync(CancellationToken.None), Cron.Minutely());
                jobs.AddOrUpdate<AutoCompleteOrders>(AutoCompleteOrders.JobId, JobsSetup.QueueName("Ordering"), job => job.RunAsync(CancellationToken.None), Cron.Hourly());
                jobs.AddOrUpdate<CancelUnfulfilledOrders>(CancelUnfulfilledOrders.JobId, JobsSetup.QueueName("Ordering"), job => job.RunAsync(CancellationToken.None), Cron.Hourly());
                jobs.AddOrUpdate<WarnOfOrdersNeedingAttention>(WarnOfOrdersNeedingAttention.JobId, JobsSetup.QueueName("Ordering"), job => job.RunAsync(CancellationToken.None), Cron.Hourly());
                jobs.AddOrUpdate<ReconcileCardPayments>(ReconcileCardPayments.JobId, JobsSetup.QueueName("Ordering"), job => job.RunAsync(CancellationToken.None), Cron.Daily(2));
            });
            return Task.CompletedTask;
        }
    }
}
