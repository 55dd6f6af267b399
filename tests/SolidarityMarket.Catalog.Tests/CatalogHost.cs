using System.Net.Http.Headers;
using Hangfire.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Jobs;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Catalog.Tests;

/// <summary>A user created for a test; sign in again (<see cref="CatalogHost.ClientAsync"/>) after moving the clock.</summary>
public sealed record TestUser(string Email, string Id);

/// <summary>
/// The marketplace in one process — Catalog and Ordering, SQLite in a temp folder, the in-memory bus — on a
/// <see cref="FakeTimeProvider"/>. The fake is registered in the derived factory's ConfigureServices, which runs
/// after ServiceDefaults' <c>AddSingleton(TimeProvider.System)</c>, so every single-service resolution gets it
/// (the endpoints, the job, the consumers, the outbox relay, the bearer-token handler). Bearer tokens last an hour
/// on that clock: after advancing it, sign in again. Shared by the tests of one class, which run one after another.
/// </summary>
public class CatalogHost : IAsyncLifetime
{
    private MarketplaceFactory? _root;
    private WebApplicationFactory<Program>? _factory;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Not started.");

    public IServiceProvider Services => Factory.Services;

    /// <summary>
    /// False for a host that needs a server: it starts in the first test (<see cref="StartAsync"/>), where a missing
    /// server can skip the test (or fail it under SOLIDARITY_REQUIRE_SERVERS) instead of breaking the fixture.
    /// </summary>
    protected virtual bool StartsWithFixture => true;

    /// <summary>Settings added to the embedded defaults, e.g. another database provider.</summary>
    protected virtual Task<Dictionary<string, string?>> SettingsAsync() => Task.FromResult(new Dictionary<string, string?>());

    public async ValueTask InitializeAsync()
    {
        if (StartsWithFixture)
        {
            await StartAsync();
        }
    }

    /// <summary>Starts the host once; later calls return at once (a class's tests run one after another).</summary>
    public async Task StartAsync()
    {
        if (_factory is not null)
        {
            return;
        }

        var settings = new Dictionary<string, string?>
        {
            ["Modules"] = "Catalog,Ordering",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in await SettingsAsync())
        {
            settings[key] = value;
        }

        _root = new MarketplaceFactory(settings);
        _factory = _root.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock)));
        _ = _factory.Server;

        // The tests run the certification job themselves (RunCertificationJobAsync); what the start-up scheduled is
        // kept for the test of the schedule.
        ScheduledAtStart = RecurringJobsOff.Unschedule(Services);
    }

    /// <summary>The recurring jobs the host's start-up scheduled (removed from Hangfire since; see <see cref="StartAsync"/>).</summary>
    public IReadOnlyList<RecurringJobDto> ScheduledAtStart { get; private set; } = [];

    public virtual async ValueTask DisposeAsync()
    {
        if (_root is not null)
        {
            await _root.DisposeAsync(); // also disposes the derived factory and deletes the folder
        }
    }

    public async Task<TestUser> NewUserAsync(string? role)
    {
        var email = $"user-{Guid.NewGuid():N}@test.coop";
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
        var created = await users.CreateAsync(user, MarketplaceFactory.Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        if (role is not null)
        {
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        }

        return new TestUser(email, user.Id);
    }

    /// <summary>A client carrying a fresh bearer token of <paramref name="user"/> (valid for an hour of the fake clock).</summary>
    public async Task<HttpClient> ClientAsync(TestUser user)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", await MarketplaceFactory.LoginAsync(client, user.Email, MarketplaceFactory.Password));
        return client;
    }

    public async Task<(HttpClient Client, TestUser User)> SignInAsNewUserAsync(string? role)
    {
        var user = await NewUserAsync(role);
        return (await ClientAsync(user), user);
    }

    public HttpClient Anonymous() => Factory.CreateClient();

    public async Task<T> WithCatalogAsync<T>(Func<CatalogDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<CatalogDbContext>());
    }

    public async Task<T> WithOrderingAsync<T>(Func<OrderingDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<OrderingDbContext>());
    }

    /// <summary>Runs the daily certification job once, as Hangfire would, from its own scope.</summary>
    public async Task<CertificationExpiry.Outcome> RunCertificationJobAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CertificationExpiry>().RunAsync(CancellationToken.None);
    }

    /// <summary>Catalog outbox rows of message type <typeparamref name="T"/> whose body mentions <paramref name="id"/>.</summary>
    public Task<int> OutboxCountAsync<T>(Guid id) => WithCatalogAsync(db =>
    {
        var type = typeof(T).FullName!;
        var text = id.ToString();
        return db.OutboxMessages.AsNoTracking().CountAsync(m => m.MessageType == type && m.Body.Contains(text));
    });

    /// <summary>A snapshot of everything certification stores for a vendor, to prove a refused request changed nothing.</summary>
    public Task<string> CertificationSnapshotAsync(Guid vendorId) => WithCatalogAsync(async db =>
    {
        var vendor = await db.Vendors.AsNoTracking().SingleAsync(v => v.Id == vendorId);
        var applications = await db.CertificationApplications.AsNoTracking().Where(a => a.VendorId == vendorId).OrderBy(a => a.Id)
            .Select(a => $"{a.Id} {a.Status} {a.DecidedBy} {a.DecisionNotes}").ToListAsync();
        var certificates = await db.Certificates.AsNoTracking().Where(c => c.VendorId == vendorId).OrderBy(c => c.Id)
            .Select(c => $"{c.Id} {c.Status} {c.RevocationReason}").ToListAsync();
        var audit = await db.CertificationAudit.AsNoTracking().CountAsync(e => e.VendorId == vendorId);
        var outbox = await db.OutboxMessages.AsNoTracking().CountAsync();
        return $"v{vendor.CertificationVersion}\n{string.Join('\n', applications)}\n{string.Join('\n', certificates)}\naudit={audit}\noutbox={outbox}";
    });

    public async Task AssertUnchangedAsync(Guid vendorId, string before) => Assert.Equal(before, await CertificationSnapshotAsync(vendorId));
}
