using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Demo;
using SolidarityMarket.ServiceDefaults.Hosting;
using SolidarityMarket.Testing;

namespace SolidarityMarket.ServiceDefaults.Tests.Demo;

/// <summary>
/// Two replicas seeding (or locking out) the demo users in one identity store at the same moment. The race is forced
/// every time: each replica's first save of a user waits until the other's has reached the same point, so both have
/// read "not there yet" / the same concurrency stamp before either writes.
/// </summary>
public sealed class DemoUserRaceTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"demo-users-{Guid.NewGuid():N}");

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "identity.db")};Pooling=false";

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        await using var replica = Replica();
        await using var scope = replica.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuthDbContext>().Database.EnsureCreatedAsync();
        await new SeedRoles().RunAsync(scope.ServiceProvider, CancellationToken.None);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Two_replicas_seeding_the_demo_users_together_both_start_and_leave_each_user_once_in_its_role()
    {
        var rendezvous = new Rendezvous(2);
        await using var a = Replica(new MeetBeforeFirstSave(rendezvous, EntityState.Added));
        await using var b = Replica(new MeetBeforeFirstSave(rendezvous, EntityState.Added));

        await Task.WhenAll(Task.Run(() => RunAsync(a, new SeedDemoUsers())), Task.Run(() => RunAsync(b, new SeedDemoUsers())));

        Assert.True(rendezvous.Met, "both replicas tried to create the first demo user before either had saved it");
        await AssertDemoUsersAsync(a, locked: false);
    }

    [Fact]
    public async Task A_start_that_stopped_after_creating_a_demo_user_gives_it_its_role_next_time()
    {
        await using var replica = Replica();
        await using (var scope = replica.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var admin = DemoUsers.Admin;
            Assert.True((await users.CreateAsync(new IdentityUser { Id = admin.Id, UserName = admin.Email, Email = admin.Email }, Password)).Succeeded);
        }

        await RunAsync(replica, new SeedDemoUsers());

        await AssertDemoUsersAsync(replica, locked: false);
    }

    [Fact]
    public async Task Two_replicas_locking_out_the_demo_users_together_both_start_and_leave_them_locked()
    {
        await using (var seeder = Replica())
        {
            await RunAsync(seeder, new SeedDemoUsers());
        }

        var rendezvous = new Rendezvous(2);
        await using var a = Replica(new MeetBeforeFirstSave(rendezvous, EntityState.Modified));
        await using var b = Replica(new MeetBeforeFirstSave(rendezvous, EntityState.Modified));

        await Task.WhenAll(
            Task.Run(() => RunAsync(a, new LockOutDemoUsers(NullLogger<LockOutDemoUsers>.Instance))),
            Task.Run(() => RunAsync(b, new LockOutDemoUsers(NullLogger<LockOutDemoUsers>.Instance))));

        Assert.True(rendezvous.Met, "both replicas read the first demo user before either had locked it");
        await AssertDemoUsersAsync(a, locked: true);

        // And demo mode, started again by two replicas together, unlocks them.
        var again = new Rendezvous(2);
        await using var c = Replica(new MeetBeforeFirstSave(again, EntityState.Modified));
        await using var d = Replica(new MeetBeforeFirstSave(again, EntityState.Modified));
        await Task.WhenAll(Task.Run(() => RunAsync(c, new SeedDemoUsers())), Task.Run(() => RunAsync(d, new SeedDemoUsers())));
        Assert.True(again.Met, "both replicas read the first locked demo user before either had unlocked it");
        await AssertDemoUsersAsync(c, locked: false);
    }

    private const string Password = "Demo-pass-1!";

    private ServiceProvider Replica(IInterceptor? interceptor = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Demo:Password"] = Password }).Build());
        services.AddDbContext<AuthDbContext, AuthSqliteDbContext>(o =>
        {
            o.UseSqlite(ConnectionString);
            if (interceptor is not null)
            {
                o.AddInterceptors(interceptor);
            }
        });
        services.AddIdentityCore<IdentityUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<AuthDbContext>();
        return services.BuildServiceProvider();
    }

    private static async Task RunAsync(ServiceProvider replica, IStartupTask task)
    {
        await using var scope = replica.CreateAsyncScope();
        await task.RunAsync(scope.ServiceProvider, CancellationToken.None);
    }

    private static async Task AssertDemoUsersAsync(ServiceProvider replica, bool locked)
    {
        await using var scope = replica.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        Assert.Equal(DemoUsers.All.Count, await db.Users.CountAsync());
        foreach (var demo in DemoUsers.All)
        {
            var user = await users.FindByIdAsync(demo.Id);
            Assert.NotNull(user);
            Assert.Equal([demo.Role], await users.GetRolesAsync(user));
            Assert.Equal(locked ? DateTimeOffset.MaxValue : null, user.LockoutEnd);
        }
    }

    /// <summary>Holds the replica's first save that adds (or changes) a user at the rendezvous.</summary>
    private sealed class MeetBeforeFirstSave(Rendezvous rendezvous, EntityState state) : SaveChangesInterceptor
    {
        private int _fired;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context!.ChangeTracker.Entries<IdentityUser>().Any(e => e.State == state) && Interlocked.Exchange(ref _fired, 1) == 0)
            {
                await rendezvous.ArriveAsync();
            }

            return result;
        }
    }
}
