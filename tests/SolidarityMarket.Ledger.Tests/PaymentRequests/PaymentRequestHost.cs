using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Ledger.Tests.PaymentRequests;

/// <summary>A signed-in member with one account they opened themselves.</summary>
public sealed record Party(HttpClient Client, string UserId, Guid AccountId);

/// <summary>
/// The marketplace with only the Ledger module (SQLite in a temp folder), shared by the tests of one class. Built
/// with <see cref="WebApplicationFactory{TEntryPoint}.WithWebHostBuilder"/> on <see cref="MarketplaceFactory"/> so a
/// subclass can replace services (a fake clock) after the application's own registrations.
/// </summary>
public class PaymentRequestHost : IAsyncLifetime
{
    private MarketplaceFactory? _root;
    private WebApplicationFactory<Program>? _factory;

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Not started.");

    public IServiceProvider Services => Factory.Services;

    /// <summary>A signed-in administrator.</summary>
    public HttpClient Admin { get; private set; } = null!;

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async ValueTask InitializeAsync()
    {
        _root = new MarketplaceFactory(new Dictionary<string, string?> { ["Modules"] = "Ledger" });
        _factory = _root.WithWebHostBuilder(b => b.ConfigureServices(ConfigureServices));
        _ = _factory.Server;
        (Admin, _) = await SignInAsNewUserAsync(Roles.Admin);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_root is not null)
        {
            await _root.DisposeAsync(); // also disposes the derived factory and deletes the folder
        }
    }

    public async Task<(HttpClient Client, string UserId)> SignInAsNewUserAsync(string? role = null)
    {
        var email = $"user-{Guid.NewGuid():N}@test.coop";
        string userId;
        await using (var scope = Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
            var created = await users.CreateAsync(user, MarketplaceFactory.Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            if (role is not null)
            {
                Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
            }

            userId = user.Id;
        }

        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", await MarketplaceFactory.LoginAsync(client, email, MarketplaceFactory.Password));
        return (client, userId);
    }

    /// <summary>A new member who opened their own account in <paramref name="exchange"/> (Individual limits: 20,000 / 40,000).</summary>
    public async Task<Party> NewMemberAsync(string exchange = "food")
    {
        var (client, userId) = await SignInAsNewUserAsync(Roles.Member);
        var account = await client.OpenOwnAccountAsync(exchange);
        return new Party(client, userId, account);
    }

    public async Task<T> WithDbAsync<T>(Func<LedgerDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<LedgerDbContext>());
    }

    /// <summary>
    /// Everything a refused request must leave alone: every payment request row as stored (version included), every
    /// account's money fields, the transfers and the size of the journal.
    /// </summary>
    public Task<string> SnapshotAsync() => WithDbAsync(async db =>
    {
        var requests = await db.PaymentRequests.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        var transfers = await db.Transfers.AsNoTracking().OrderBy(t => t.Id).Select(t => t.Id).ToListAsync();
        var lines = requests.Select(r =>
            $"request {r.Id} {r.PayeeAccountId}<-{r.PayerAccountId} {r.Amount} {r.DueDate:O} {r.Status} claim={r.TransferId} v{r.Version} closed={r.ClosedAt} reason={r.CloseReason}").ToList();
        lines.AddRange(accounts.Select(a => $"account {a.Id} bal={a.Balance} pd={a.PendingDebits} pc={a.PendingCredits} {a.Status} v{a.Version}"));
        lines.AddRange(transfers.Select(t => $"transfer {t}"));
        lines.Add($"journal {await db.Journal.CountAsync()}");
        return string.Join('\n', lines);
    });

    public async Task AssertUnchangedSinceAsync(string before) => Assert.Equal(before, await SnapshotAsync());

    public Task<int> CountRequestsAsync(Guid id) => WithDbAsync(db => db.PaymentRequests.CountAsync(r => r.Id == id));
}
