using SolidarityMarket.Testing;

namespace SolidarityMarket.ServiceDefaults.Tests.Messaging;

/// <summary>
/// Rows already due when the process starts (re-sent after a restart, written by start-up tasks) reach their
/// consumers even when the bus is slow to start: on the in-memory bus a message published before the bus has bound its
/// receive endpoints is dropped, and the relay — which starts before the bus — had marked such rows sent.
/// </summary>
public sealed class RelayBusStartTests
{
    [Fact]
    public async Task Rows_due_at_start_wait_for_a_slow_bus_and_are_consumed_not_dropped()
    {
        var widgets = new[] { Guid.NewGuid(), Guid.NewGuid() };

        await using var host = await TestBusHost.StartAsync(Transport.InMemory, widgetsBeforeStart: widgets, busStartDelay: TimeSpan.FromSeconds(1.5));

        foreach (var widget in widgets)
        {
            await Eventually.TrueAsync(async () => await host.EffectsAsync(widget) == 1, TimeSpan.FromSeconds(20), $"widget {widget}'s effect");
        }
    }
}
