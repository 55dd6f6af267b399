using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Hosting;

namespace SolidarityMarket.ServiceDefaults.Demo;

/// <summary>
/// Outside demo mode, locks the demo users out if an identity store has them (a database once run in demo mode and
/// then used for real, e.g. a staging database promoted). Their password is published in the README, and the demo
/// administrator would otherwise stay an administrator. Demo mode unlocks them again (<see cref="SeedDemoUsers"/>).
/// </summary>
public sealed class LockOutDemoUsers(ILogger<LockOutDemoUsers> logger) : IStartupTask
{
    public int Order => 20;

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var users = services.GetRequiredService<UserManager<IdentityUser>>();
        foreach (var demo in DemoUsers.All)
        {
            var user = await users.FindByIdAsync(demo.Id);
            if (user is null || (user.LockoutEnabled && user.LockoutEnd == DateTimeOffset.MaxValue))
            {
                continue;
            }

            await DemoUserLockout.SetAsync(users, user, locked: true);
            logger.LogWarning("Demo user {Email} found outside demo mode: locked out (its password is public)", demo.Email);
        }
    }
}

internal static class DemoUserLockout
{
    /// <summary>Locks (for ever) or unlocks a demo user; a lock also renews the security stamp, which ends its refresh tokens.</summary>
    public static async Task SetAsync(UserManager<IdentityUser> users, IdentityUser user, bool locked)
    {
        Check(await users.SetLockoutEnabledAsync(user, true), user.Email);
        Check(await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null), user.Email);
        if (locked)
        {
            Check(await users.UpdateSecurityStampAsync(user), user.Email);
        }
    }

    /// <summary>Throws when Identity refused a change to a demo user (a start must not go on with them half set up).</summary>
    public static void Check(IdentityResult result, string? email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo user {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
