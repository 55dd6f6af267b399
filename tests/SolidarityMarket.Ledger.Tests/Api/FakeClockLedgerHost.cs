using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SolidarityMarket.Ledger.Jobs;

using SolidarityMarket.Testing;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>
/// The marketplace on a <see cref="FakeTimeProvider"/>. <c>AddSingleton&lt;TimeProvider&gt;(fake)</c> in the derived
/// factory's ConfigureServices runs after ServiceDefaults' <c>AddSingleton(TimeProvider.System)</c>, so the last
/// registration wins for every consumer that resolves one <see cref="TimeProvider"/> (the ledger writer, the
/// account endpoints, the bearer-token handler). Hangfire keeps its own clock, so the host's recurring jobs are taken
/// off its schedule and the tests run the expiry job themselves (<see cref="RunExpireHoldsAsync"/>).
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

    /// <summary>Starts the host and takes its recurring jobs off Hangfire's real-clock schedule (<see cref="RecurringJobsOff"/>).</summary>
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        RecurringJobsOff.Unschedule(Services);
    }

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
