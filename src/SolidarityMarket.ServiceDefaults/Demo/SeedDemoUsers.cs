using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.ServiceDefaults.Hosting;

namespace SolidarityMarket.ServiceDefaults.Demo;

/// <summary>Creates the demo users (idempotent) and unlocks them if a start outside demo mode locked them. Registered only in demo mode.</summary>
public sealed class SeedDemoUsers : IStartupTask
{
    public int Order => 20;

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var users = services.GetRequiredService<UserManager<IdentityUser>>();
        var password = DemoMode.Password(services.GetRequiredService<IConfiguration>());
        foreach (var demo in DemoUsers.All)
        {
            if (await users.FindByIdAsync(demo.Id) is { } existing)
            {
                // Locked out by a start outside demo mode (LockOutDemoUsers); usable again in demo mode.
                if (existing.LockoutEnd is not null)
                {
                    await DemoUserLockout.SetAsync(users, existing, locked: false);
                }

                continue;
            }

            var user = new IdentityUser { Id = demo.Id, UserName = demo.Email, Email = demo.Email, EmailConfirmed = true };
            DemoUserLockout.Check(await users.CreateAsync(user, password), demo.Email);
            DemoUserLockout.Check(await users.AddToRoleAsync(user, demo.Role), demo.Email);
        }
    }
}
