using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.ServiceDefaults.Hosting;

namespace SolidarityMarket.ServiceDefaults.Demo;

/// <summary>
/// Creates the demo users, puts each in its role and unlocks them if a start outside demo mode locked them.
/// Idempotent step by step — a start that stopped between creating a user and adding its role finishes the job —
/// and tolerant of replicas starting together (<see cref="DemoUserChange"/>). Registered only in demo mode.
/// </summary>
public sealed class SeedDemoUsers : IStartupTask
{
    public int Order => 20;

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var password = DemoMode.Password(services.GetRequiredService<IConfiguration>());
        foreach (var demo in DemoUsers.All)
        {
            await DemoUserChange.EnsureAsync(
                services, demo,
                isDone: (_, user) => Task.FromResult(user is not null),
                change: (users, _) => users.CreateAsync(new IdentityUser { Id = demo.Id, UserName = demo.Email, Email = demo.Email, EmailConfirmed = true }, password),
                cancellationToken);
            await DemoUserChange.EnsureAsync(
                services, demo,
                isDone: async (users, user) => await users.IsInRoleAsync(user!, demo.Role),
                change: (users, user) => users.AddToRoleAsync(user!, demo.Role),
                cancellationToken);
            // Locked out by a start outside demo mode (LockOutDemoUsers); usable again in demo mode.
            await DemoUserChange.EnsureAsync(
                services, demo,
                isDone: (_, user) => Task.FromResult(user!.LockoutEnd is null),
                change: (users, user) => DemoUserLockout.SetAsync(users, user!, locked: false),
                cancellationToken);
        }
    }
}
