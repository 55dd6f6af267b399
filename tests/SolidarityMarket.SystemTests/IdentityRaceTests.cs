using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests;

/// <summary>
/// Races on the identity store that a second request or replica wins between Identity's "is it free?" check and
/// its insert. An interceptor forces the race every time: just before the insert it commits the winner's row on
/// another connection (the race is simulated; the store, the unique indexes and the endpoints are real).
/// </summary>
public sealed class IdentityRaceTests
{
    [Fact]
    public async Task A_registration_that_loses_the_race_for_its_email_gets_the_duplicate_400_not_a_500()
    {
        var email = $"Racer-{Guid.NewGuid():N}@test.coop";
        var winner = new WinTheRace<IdentityUser>(u => new IdentityUser { UserName = u.UserName!.ToLowerInvariant(), Email = u.Email!.ToLowerInvariant() });
        await using var market = new MarketplaceFactory();
        await using var factory = market.WithInterceptor(winner);

        var response = await factory.CreateClient().PostAsJsonAsync("/api/auth/register", new { email, password = MarketplaceFactory.Password });

        Assert.True(winner.Won, "the interceptor inserted the competing user");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblem>();
        Assert.True(problem!.Errors.ContainsKey("DuplicateUserName"), string.Join(", ", problem.Errors.Keys));
    }

    [Fact]
    public async Task A_replica_that_loses_the_race_to_create_a_role_still_starts()
    {
        var winner = new WinTheRace<IdentityRole>(r => new IdentityRole(r.Name!));
        await using var market = new MarketplaceFactory();
        await using var factory = market.WithInterceptor(winner);

        var ready = await factory.CreateClient().GetAsync("/health/ready");

        Assert.True(winner.Won, "the interceptor inserted the competing role");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            Assert.True(await roles.RoleExistsAsync(role), role);
        }
    }

    private sealed record ValidationProblem(Dictionary<string, string[]> Errors);
}

/// <summary>Before the first save that adds a <typeparamref name="T"/>, saves a competing one (made by <c>rival</c>) through a second context.</summary>
internal sealed class WinTheRace<T>(Func<T, T> rival) : SaveChangesInterceptor
    where T : class
{
    private int _fired;

    public bool Won { get; private set; }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var context = eventData.Context!;
        var added = context.ChangeTracker.Entries<T>().FirstOrDefault(e => e.State == EntityState.Added)?.Entity;
        if (added is not null && Interlocked.Exchange(ref _fired, 1) == 0)
        {
            var options = new DbContextOptionsBuilder<AuthSqliteDbContext>().UseSqlite(context.Database.GetConnectionString()).Options;
            await using var competitor = new AuthSqliteDbContext(options);
            var row = rival(added);
            NormalizeNames(row);
            competitor.Add(row);
            await competitor.SaveChangesAsync(cancellationToken);
            Won = true;
        }

        return result;
    }

    private static void NormalizeNames(T row)
    {
        switch (row)
        {
            case IdentityUser user:
                user.NormalizedUserName = user.UserName!.ToUpperInvariant();
                user.NormalizedEmail = user.Email!.ToUpperInvariant();
                break;
            case IdentityRole role:
                role.NormalizedName = role.Name!.ToUpperInvariant();
                break;
        }
    }
}

internal static class RaceFactoryExtensions
{
    public static WebApplicationFactory<Program> WithInterceptor(this MarketplaceFactory factory, IInterceptor interceptor) =>
        factory.WithWebHostBuilder(b => b.ConfigureServices(services =>
            services.ConfigureDbContext<AuthSqliteDbContext>(o => o.AddInterceptors(interceptor))));
}
