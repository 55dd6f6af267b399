using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>
/// One in-process marketplace running only the Ledger module (SQLite in a temp folder), shared by the tests of one
/// class. It is built with <see cref="WebApplicationFactory{TEntryPoint}.WithWebHostBuilder"/> on top of
/// <see cref="MarketplaceFactory"/> so a subclass can swap services (a fake clock): services registered in
/// <see cref="ConfigureServices"/> are added after the application's own registrations, so a single-service
/// resolution (<c>GetRequiredService&lt;TimeProvider&gt;()</c>) gets the replacement instead of
/// <see cref="TimeProvider.System"/> that ServiceDefaults registers. Warnings logged by the ledger are captured, and
/// test users' passwords are hashed with one PBKDF2 iteration so that each test can sign in fresh users cheaply.
/// </summary>
public class LedgerHost : IAsyncLifetime
{
    private MarketplaceFactory? _root;
    private WebApplicationFactory<Program>? _factory;

    /// <summary>The warnings and errors logged by the ledger, to check that refused access is logged.</summary>
    public CapturedLogs Logs { get; } = new(LogLevel.Warning, "SolidarityMarket.Ledger");

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Not started.");

    public IServiceProvider Services => Factory.Services;

    /// <summary>A signed-in administrator.</summary>
    public HttpClient Admin { get; protected set; } = null!;

    public string AdminUserId { get; private set; } = "";

    /// <summary>Settings on top of the test defaults (only the Ledger module runs).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?> { ["Modules"] = "Ledger" };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        _root = new MarketplaceFactory(settings);
        _factory = _root.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.AddSingleton<ILoggerProvider>(Logs);
            // Test users only: a cheap password hash, so that every test can sign in fresh users quickly.
            s.Configure<PasswordHasherOptions>(o => o.IterationCount = 1);
            ConfigureServices(s);
        }));
        _ = _factory.Server;
        (Admin, AdminUserId) = await SignInAsNewUserAsync(Roles.Admin);
    }

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_root is not null)
        {
            await _root.DisposeAsync(); // also disposes the derived factory and deletes the folder
        }
    }

    /// <summary>As <see cref="MarketplaceFactory.SignInAsNewUserAsync(string?)"/>, against the derived factory.</summary>
    public Task<(HttpClient Client, string UserId)> SignInAsNewUserAsync(string? role = null) => MarketplaceFactory.SignInAsNewUserAsync(Factory, role);

    /// <summary>A new client with a fresh bearer token for an existing user.</summary>
    public async Task<HttpClient> SignInAgainAsync(string userId)
    {
        string email;
        await using (var scope = Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByIdAsync(userId);
            email = user!.Email!;
        }

        return await MarketplaceFactory.SignInAsync(Factory, email, MarketplaceFactory.Password);
    }

    /// <summary>Runs <paramref name="work"/> with the ledger's DbContext from a fresh scope.</summary>
    public async Task<T> WithDbAsync<T>(Func<LedgerDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<LedgerDbContext>());
    }

    /// <summary>
    /// Everything a refused request must leave alone, read straight from the database: every account's money
    /// fields, limits, state and version; every transfer's resolution and reversal link; journal heads and sizes;
    /// the limit and state audits. A subclass may snapshot more (or other) rows.
    /// </summary>
    public virtual Task<string> SnapshotAsync() => WithDbAsync(async db =>
    {
        var accounts = await db.Accounts.AsNoTracking().ToListAsync();
        var transfers = await db.Transfers.AsNoTracking().ToListAsync();
        var exchanges = await db.Exchanges.AsNoTracking().ToListAsync();
        var entries = await db.Journal.CountAsync();
        var limitChanges = await db.LimitChanges.CountAsync();
        var statusChanges = await db.AccountStatusChanges.CountAsync();
        var lines = new List<string>();
        lines.AddRange(accounts.OrderBy(a => a.Id).Select(a =>
            $"account {a.Id} {a.ExchangeId} bal={a.Balance} pd={a.PendingDebits} pc={a.PendingCredits} dl={a.DebitLimit} cl={a.CreditLimit} {a.Status} v{a.Version}"));
        lines.AddRange(transfers.OrderBy(t => t.Id).Select(t =>
            $"transfer {t.Id} {t.Kind} {t.Amount} {t.HoldStatus} posted={t.PostedAmount} resolvedBy={t.ResolvedById} reversedBy={t.ReversedById}"));
        lines.AddRange(exchanges.OrderBy(x => x.Id, StringComparer.Ordinal).Select(x => $"exchange {x.Id} head={x.LastSequence}"));
        lines.Add($"journal entries={entries}");
        lines.Add($"limit changes={limitChanges}");
        lines.Add($"status changes={statusChanges}");
        return string.Join('\n', lines);
    });

    public async Task AssertUnchangedSinceAsync(string before) => Assert.Equal(before, await SnapshotAsync());
}
