using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SolidarityMarket.Testing;

/// <summary>
/// Makes each hosted service of a test host stop once, however many times the host is stopped: a second stop joins
/// the first one (it waits for it and sees its outcome) instead of running the service's stop again beside it.
/// </summary>
/// <remarks>
/// A test host is always stopped twice at once. <see cref="MarketplaceFactory"/> runs Program's own entry point,
/// which sits in <c>app.RunAsync()</c> until ApplicationStopping; disposing the factory calls Host.StopAsync, which
/// signals ApplicationStopping, so Program's RunAsync calls Host.StopAsync as well while the first is still stopping
/// the services (dotnet/aspnetcore#40271). Host.StopAsync has no guard against that: every hosted service's
/// StopAsync ran twice, concurrently. MassTransit's bus stop is not safe for that: two concurrent stops of one
/// receive endpoint fail with a NullReferenceException in ReceiveEndpoint.Stop (the second finds the handle the
/// first has just cleared), which failed a test class's cleanup once in CI.
/// <para>
/// Errors are not hidden: the factory's own stop still awaits every service's stop and throws what it threw.
/// </para>
/// </remarks>
public static class HostedServicesStopOnce
{
    /// <summary>
    /// Replaces every hosted service registration with a guard around the same service, in the same place (hosted
    /// services start in registration order and stop in reverse). The service itself is registered under a key of
    /// its own, so the container still creates, shares and disposes it exactly as before.
    /// </summary>
    public static void Apply(IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var registration = services[i];
            if (registration.ServiceType != typeof(IHostedService) || registration.IsKeyedService)
            {
                continue;
            }

            var key = new object();
            services.Add(Keyed(registration, key));
            services[i] = ServiceDescriptor.Singleton<IHostedService>(sp => Guarded(sp.GetRequiredKeyedService<IHostedService>(key)));
        }
    }

    /// <summary>
    /// A background service stays one to the host (which watches its ExecuteTask, logs its failure and stops the host
    /// on it), so it gets a guard that is a background service too.
    /// </summary>
    private static IHostedService Guarded(IHostedService service) =>
        service is BackgroundService background ? new BackgroundGuard(background) : new Guard(service);

    private static ServiceDescriptor Keyed(ServiceDescriptor registration, object key)
    {
        if (registration.ImplementationInstance is { } instance)
        {
            return new ServiceDescriptor(typeof(IHostedService), key, instance);
        }

        if (registration.ImplementationFactory is { } factory)
        {
            return new ServiceDescriptor(typeof(IHostedService), key, (sp, _) => factory(sp), registration.Lifetime);
        }

        return new ServiceDescriptor(typeof(IHostedService), key, registration.ImplementationType!, registration.Lifetime);
    }

    /// <summary>
    /// Starts as the service does; each of its stop steps runs once (<see cref="StopSteps"/>). Always a lifecycle
    /// service, passing the lifecycle steps on when the service has them: the host calls them only on lifecycle
    /// services, so for any other service they do nothing, as before.
    /// </summary>
    private sealed class Guard(IHostedService service) : IHostedLifecycleService
    {
        private readonly StopSteps _steps = new(service);

        public Task StartingAsync(CancellationToken cancellationToken) => _steps.StartingAsync(cancellationToken);

        public Task StartAsync(CancellationToken cancellationToken) => service.StartAsync(cancellationToken);

        public Task StartedAsync(CancellationToken cancellationToken) => _steps.StartedAsync(cancellationToken);

        public Task StoppingAsync(CancellationToken cancellationToken) => _steps.StoppingAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => _steps.StopAsync(cancellationToken);

        public Task StoppedAsync(CancellationToken cancellationToken) => _steps.StoppedAsync(cancellationToken);
    }

    /// <summary>As <see cref="Guard"/>, for a background service, whose ExecuteTask it shows the host.</summary>
    private sealed class BackgroundGuard(BackgroundService service) : BackgroundService, IHostedLifecycleService
    {
        private readonly StopSteps _steps = new(service);

        public override Task? ExecuteTask => service.ExecuteTask;

        public Task StartingAsync(CancellationToken cancellationToken) => _steps.StartingAsync(cancellationToken);

        public override Task StartAsync(CancellationToken cancellationToken) => service.StartAsync(cancellationToken);

        public Task StartedAsync(CancellationToken cancellationToken) => _steps.StartedAsync(cancellationToken);

        public Task StoppingAsync(CancellationToken cancellationToken) => _steps.StoppingAsync(cancellationToken);

        public override Task StopAsync(CancellationToken cancellationToken) => _steps.StopAsync(cancellationToken);

        public Task StoppedAsync(CancellationToken cancellationToken) => _steps.StoppedAsync(cancellationToken);

        /// <summary>
        /// Never called: <see cref="StartAsync"/> starts the service itself. (So the guard's own Dispose has nothing
        /// to release; the container disposes the service, which it created.)
        /// </summary>
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
    }

    /// <summary>The stop steps of one service, each run by its first caller and joined by any later one.</summary>
    private sealed class StopSteps(IHostedService service)
    {
        private Task? _stopping;
        private Task? _stop;
        private Task? _stopped;

        private IHostedLifecycleService? Lifecycle => service as IHostedLifecycleService;

        public Task StartingAsync(CancellationToken cancellationToken) => Lifecycle?.StartingAsync(cancellationToken) ?? Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Lifecycle?.StartedAsync(cancellationToken) ?? Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) =>
            Once(ref _stopping, () => Lifecycle?.StoppingAsync(cancellationToken) ?? Task.CompletedTask, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Once(ref _stop, () => service.StopAsync(cancellationToken), cancellationToken);

        public Task StoppedAsync(CancellationToken cancellationToken) =>
            Once(ref _stopped, () => Lifecycle?.StoppedAsync(cancellationToken) ?? Task.CompletedTask, cancellationToken);

        /// <summary>
        /// The first caller claims the step (an unstarted task, so that an exception thrown before the step's first
        /// await lands in the task too) and runs it; a caller that finds it claimed waits for it, up to its own token.
        /// </summary>
        private static Task Once(ref Task? step, Func<Task> run, CancellationToken cancellationToken)
        {
            var claim = new Task<Task>(run);
            var mine = claim.Unwrap();
            var first = Interlocked.CompareExchange(ref step, mine, null);
            if (first is not null)
            {
                return first.WaitAsync(cancellationToken);
            }

            claim.RunSynchronously();
            return mine;
        }
    }
}
