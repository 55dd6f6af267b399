using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SolidarityMarket.Ledger.Jobs;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>
/// The marketplace on a <see cref="FakeTimeProvider"/>. <c>AddSingleton&lt;TimeProvider&gt;(fake)</c> in the derived
/// factory's ConfigureServices runs after ServiceDefaults' <c>AddSingleton(TimeProvider.System)</c>, so the last
/// registration wins for every consumer that resolves one <see cref="TimeProvider"/> (the ledger writer, the
/// account endpoints, the bearer-token handler). Hangfire keeps its own clock: its minutely run of the expiry job
/// may happen during a test, so tests never rely on which run expired a hold.
/// </summary>
public class FakeClockLedgerHost : LedgerHost
{
    public FakeClockLedgerHost()
        : this(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>For a subclass whose tests need the clock to start at <paramref name="start"/>.</summary>
    protected FakeClockLedgerHost(DateTimeOffset start) => Clock = new(start);

    public FakeTimeProvider Clock { get; }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    /// <summary>
    /// Moves the clock on. Bearer tokens live an hour on the same clock, so after a long jump sign in again
    /// (<see cref="SignInAgainAsync"/>; the administrator is signed in again here).
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        Admin = await SignInAgainAsync(AdminUserId);
    }

    public async Task<int> RunExpireHoldsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ExpireHolds>().RunAsync(CancellationToken.None);
    }
}
