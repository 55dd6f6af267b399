using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Hosting;

namespace SolidarityMarket.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    /// <summary>Set by the host's <c>migrate</c> command: the RabbitMQ bus declares its topology and consumes nothing.</summary>
    public const string DeployTopologyOnlyKey = "Messaging:DeployTopologyOnly";

    /// <summary>How long after the start a bus not yet ready is "starting" rather than unhealthy (<see cref="BusStartGrace"/>).</summary>
    public const string BusStartWaitKey = "Messaging:BusStartWait";

    /// <summary>The process's shared <see cref="MessagingBuilder"/>; modules add their consumers to it.</summary>
    public static MessagingBuilder Messaging(this IHostApplicationBuilder builder)
    {
        var existing = builder.Services.FirstOrDefault(d => d.ServiceType == typeof(MessagingBuilder))?.ImplementationInstance;
        if (existing is MessagingBuilder messaging)
        {
            return messaging;
        }

        messaging = new MessagingBuilder();
        builder.Services.AddSingleton(messaging);
        return messaging;
    }

    /// <summary>Gives a service's DbContext an outbox relay. Call once per service DbContext.</summary>
    public static IServiceCollection AddOutbox<TContext>(this IServiceCollection services)
        where TContext : ServiceDbContext
    {
        services.TryAddSingleton<OutboxSignal<TContext>>();
        services.TryAddSingleton<OutboxSignalInterceptor<TContext>>();
        services.AddHostedService<OutboxRelay<TContext>>();
        services.AddSingleton<IStartupTask, ResendUnconfirmedInMemoryDeliveries<TContext>>();
        services.AddSingleton(new ServiceDatabase(typeof(TContext)));
        if (!services.Any(d => d.ServiceType == typeof(MessagingBacklog)))
        {
            // Once per process, over every service database of it.
            services.AddOptions<MessagingHealthOptions>().BindConfiguration("Messaging:Health");
            services.AddSingleton<MessagingBacklog>();
            services.AddHostedService<MessagingBacklogSampler>();
            services.AddHealthChecks().AddCheck<MessagingHealthCheck>(MessagingHealthCheck.Name, HealthStatus.Degraded, ["ready"]);
        }

        return services;
    }

    /// <summary>
    /// Configures the one MassTransit bus of this process: RabbitMQ when <c>RabbitMq:Host</c> is set, otherwise the
    /// in-memory transport (only valid when all services share this process). Call after every module was added.
    /// </summary>
    public static IHostApplicationBuilder AddSolidarityMessaging(this IHostApplicationBuilder builder)
    {
        var messaging = builder.Messaging();
        var rabbit = RabbitMqSettings.From(builder.Configuration);
        builder.Services.TryAddSingleton(new MessageTypes(messaging.MessageAssemblies));
        builder.Services.TryAddScoped<IOutboxTransport, MassTransitOutboxTransport>();
        builder.Services.AddOptions<OutboxRelayOptions>().BindConfiguration("Messaging:Outbox")
            .Validate(o => o.Problem() is null, "Messaging:Outbox: ClaimDuration must exceed twice DeliveryTimeout, and MarkDelay be at most half DeliveryTimeout.")
            .ValidateOnStart();
        if (rabbit is null)
        {
            // Before AddMassTransit: hosted services stop in reverse order, so the watermark's last write follows the bus's stop.
            builder.Services.AddSingleton<InMemoryDeliveries>();
            builder.Services.AddReceiveObserver(sp => sp.GetRequiredService<InMemoryDeliveries>());
            builder.Services.AddHostedService<InMemoryDeliveryWatermark>();
        }

        builder.Services.AddMassTransit(x =>
        {
            foreach (var register in messaging.Registrations)
            {
                register(x);
            }

            if (rabbit is not null)
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    // The migrate command only declares the queues, exchanges and bindings (HostCommand).
                    cfg.DeployTopologyOnly = builder.Configuration.GetValue<bool>(DeployTopologyOnlyKey);
                    cfg.Host(rabbit.Uri, h =>
                    {
                        h.Username(rabbit.Username);
                        h.Password(rabbit.Password);
                    });
                    ConfigureCommon(cfg);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) =>
                {
                    ConfigureCommon(cfg);
                    cfg.ConfigureEndpoints(context);
                });
            }
        });

        // After AddMassTransit, whose hosted service begins the bus's start: the grace counts from there.
        var busStartWait = builder.Configuration.GetValue(BusStartWaitKey, BusStartGrace.DefaultWait);
        if (busStartWait < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{BusStartWaitKey} must not be negative.");
        }

        builder.Services.AddSingleton(sp => new BusStartGrace(sp.GetRequiredService<IBusControl>(), busStartWait, sp.GetRequiredService<ILogger<BusStartGrace>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BusStartGrace>());
        return builder;
    }

    /// <summary>
    /// Transient failures (a busy database, a lost race) are retried in place; what still fails goes to the consuming
    /// service's <c>FailedMessages</c> table (<see cref="FailedMessageFilter"/>), or, when that cannot be written, to
    /// the endpoint's <c>_error</c> queue with the exception in its headers — visible, never dropped.
    /// </summary>
    private static void ConfigureCommon(IBusFactoryConfigurator cfg) =>
        cfg.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100)));
}
