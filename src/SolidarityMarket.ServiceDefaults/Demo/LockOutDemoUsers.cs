using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Hosting;

namespace SolidarityMarket.ServiceDefaults.Demo;

/// <summary>
/// Outside demo mode, locks the demo users out if an identity store has them (a database once run in demo mode and
/// then used for real, e.g. a staging database promoted). Their password is published in the README, and the demo
/// administrator would otherwise stay an administrator. Demo mode unlocks them again (<see cref="SeedDemoUsers"/>).
/// Two replicas locking together both succeed: the one whose update loses on the concurrency stamp re-reads the user
/// and finds it locked (<see cref="DemoUserChange"/>).
/// </summary>
public sealed class LockOutDemoUsers(ILogger<LockOutDemoUsers> logger) : IStartupTask
{
    public int Order => 20;

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        foreach (var demo in DemoUsers.All)
        {
            var locked = await DemoUserChange.EnsureAsync(
                services, demo,
                isDone: (_, user) => Task.FromResult(user is null || DemoUserLockout.IsLocked(user)),
                change: (users, user) => DemoUserLockout.SetAsync(users, user!, locked: true),
                cancellationToken);
            if (locked)
            {
                logger.LogWarning("Demo user {Email} found outside demo mode: locked out (its password is public)", demo.Email);
            }
        }
    }
}

internal static class DemoUserLockout
{
    public static bool IsLocked(IdentityUser user) => user.LockoutEnabled && user.LockoutEnd == DateTimeOffset.MaxValue;

    /// <summary>
    /// Locks (for ever) or unlocks a demo user in one update (one concurrency stamp to lose a race on, not three);
    /// a lock also renews the security stamp, which ends its refresh tokens.
    /// </summary>
    public static async Task<IdentityResult> SetAsync(UserManager<IdentityUser> users, IdentityUser user, bool locked)
    {
        user.LockoutEnabled = true;
        user.LockoutEnd = locked ? DateTimeOffset.MaxValue : null;
        return locked ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user);
    }
}

/// <summary>
/// One change to a demo user that replicas starting together may make at the same moment. Each attempt uses a fresh
/// scope (a refused save leaves its entities tracked, and a stale user would lose the same race again), reads the
/// user, and stops when the change is already there; the loser of a race — a duplicate key, Identity's
/// DuplicateUserName or ConcurrencyFailure, a tracking clash — finds it there on the next attempt. A failure that
/// persists still fails the start.
/// </summary>
internal static class DemoUserChange
{
    private const int Attempts = 3;

    /// <returns>True when this call made the change, false when it was already made.</returns>
    public static async Task<bool> EnsureAsync(
        IServiceProvider services, DemoUser demo,
        Func<UserManager<IdentityUser>, IdentityUser?, Task<bool>> isDone,
        Func<UserManager<IdentityUser>, IdentityUser?, Task<IdentityResult>> change,
        CancellationToken cancellationToken)
    {
        string? failure = null;
        for (var attempt = 1; attempt <= Attempts + 1; attempt++)
        {
            await using var scope = services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var user = await users.FindByIdAsync(demo.Id); // once: a second read could track a user made meanwhile
            if (await isDone(users, user))
            {
                return false;
            }

            if (attempt > Attempts)
            {
                break; // the last round only looks
            }

            try
            {
                var result = await change(users, user);
                if (result.Succeeded)
                {
                    return true;
                }

                failure = string.Join("; ", result.Errors.Select(e => e.Description));
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                // DbUpdateException: the other replica's row won on a unique key. InvalidOperationException: its user
                // committed before our CreateAsync validated the name; Identity's validator found and tracked it (same
                // id, so "not a duplicate"), then adding ours clashed with it in the change tracker. The next round
                // re-reads in a fresh scope and decides on what is there.
                failure = e.InnerException?.Message ?? e.Message;
            }
        }

        // A start must not go on with a demo user half set up.
        throw new InvalidOperationException($"Demo user {demo.Email}: {failure}");
    }
}
