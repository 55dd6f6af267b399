using System.Reflection;
using MassTransit;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// Collects what the modules of this process contribute to the one bus (their consumers) before the bus is
/// configured. Kept in the service collection as a singleton instance so modules and the host share it.
/// </summary>
public sealed class MessagingBuilder
{
    private readonly List<Action<IBusRegistrationConfigurator>> _registrations = [];
    private readonly List<Assembly> _messageAssemblies = [typeof(SolidarityMarket.Contracts.Catalog.VendorRegistered).Assembly];
    private readonly List<Type> _consumerTypes = [];

    internal IReadOnlyList<Action<IBusRegistrationConfigurator>> Registrations => _registrations;

    internal IReadOnlyList<Assembly> MessageAssemblies => _messageAssemblies;

    /// <summary>
    /// Adds a consumer on its own queue named <c>{service}-{name}</c>, so that queues say which service owns them
    /// and several services in one process never share a queue. A consumer that works on a service database (a
    /// constructor parameter derived from <see cref="ServiceDbContext"/>) keeps the deliveries that still fail after
    /// the retries in that database's <see cref="FailedMessage"/> table (<see cref="FailedMessageFilter"/>).
    /// </summary>
    public MessagingBuilder AddConsumer<TConsumer>(string service, string name)
        where TConsumer : class, IConsumer
    {
        var queue = $"{service}-{name}";
        var database = ServiceDatabaseOf(typeof(TConsumer));
        _registrations.Add(x => x.AddConsumer<TConsumer>().Endpoint(e =>
        {
            e.Name = queue;
            if (database is not null)
            {
                e.AddConfigureEndpointCallback((context, endpoint) => FailedMessageFilter.Configure(endpoint, context, queue, typeof(TConsumer), database));
            }
        }));
        _consumerTypes.Add(typeof(TConsumer));
        return this;
    }

    private static Type? ServiceDatabaseOf(Type consumer) => consumer.GetConstructors()
        .SelectMany(c => c.GetParameters())
        .Select(p => p.ParameterType)
        .FirstOrDefault(t => typeof(ServiceDbContext).IsAssignableFrom(t));

    /// <summary>
    /// How many endpoints of this process receive a published <paramref name="messageType"/>: one per consumer (each
    /// has its own queue) that consumes it or a type it derives from.
    /// </summary>
    public int EndpointsConsuming(Type messageType) => _consumerTypes.Count(consumer => consumer.GetInterfaces().Any(i =>
        i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>) && i.GetGenericArguments()[0].IsAssignableFrom(messageType)));

    /// <summary>Any other bus registration (observers, sagas) a module or a test needs.</summary>
    public MessagingBuilder Configure(Action<IBusRegistrationConfigurator> registration)
    {
        _registrations.Add(registration);
        return this;
    }

    /// <summary>Allows outbox rows to carry message types from another assembly (tests use their own messages).</summary>
    public MessagingBuilder AddMessageAssembly(Assembly assembly)
    {
        _messageAssemblies.Add(assembly);
        return this;
    }
}
