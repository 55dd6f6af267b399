using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests;

/// <summary>
/// Two Ledger processes of the real host on one PostgreSQL database, hammered at once over HTTP — the same
/// members paying through either process, and retries of the same transfer id sent to the other process. Then
/// the database itself is checked: chains, zero-sum, limits, every id applied once.
/// </summary>
public sealed class TwoLedgerProcessesTests(ITestOutputHelper output)
{
    private const int Members = 24;
    private const int Callers = 32;
    private const int PaymentsPerCaller = 40;

    [Fact]
    public async Task Two_ledger_processes_on_one_PostgreSQL_database_never_lose_an_update_or_apply_an_id_twice()
    {
        var database = await TestServers.RequirePostgresAsync("two_ledgers");
        var settings = new Dictionary<string, string>
        {
            ["Modules"] = "Ledger",
            ["Database:Provider"] = "Postgres",
            ["Database:MigrateOnStartup"] = "false",
            ["ConnectionStrings:Default"] = database,
            ["Storage:Directory"] = Directory.CreateTempSubdirectory("sm-two-ledgers-").FullName,
            ["Demo:Enabled"] = "false",
        };
        await HostProcess.RunToCompletionAsync(settings, "migrate");
        await using var first = await HostProcess.StartAsync(settings);
        await using var second = await HostProcess.StartAsync(settings);
        HostProcess[] ledgers = [first, second];

        var admin = await AdministratorAsync(settings, first);
        var members = await Task.WhenAll(Enumerable.Range(0, Members).Select(i => JoinAsync(ledgers[i % 2], ledgers, admin)));

        var accepted = 0;
        var refused = 0;
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            var random = new Random(caller);
            for (var i = 0; i < PaymentsPerCaller; i++)
            {
                var payer = members[random.Next(Members)];
                var payee = members[random.Next(Members)];
                if (payer == payee)
                {
                    continue;
                }

                var payment = new { id = Guid.NewGuid(), debitAccountId = payer.AccountId, creditAccountId = payee.AccountId, amount = random.Next(1, 4_000) };
                var via = random.Next(2);
                var response = await payer.Clients[via].PostAsJsonAsync("/api/ledger/transfers", payment);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref accepted);
                    // The client retries through the other process: it must replay, not pay twice.
                    var retry = await payer.Clients[1 - via].PostAsJsonAsync("/api/ledger/transfers", payment);
                    Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
                }
                else
                {
                    Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
                    Interlocked.Increment(ref refused);
                }
            }
        })));
        output.WriteLine($"{accepted} payments accepted, {refused} refused by limits, through two processes");
        Assert.True(accepted > Callers * PaymentsPerCaller / 3, "most payments fit the limits");
        Assert.True(refused > 0, "some payments hit the limits");

        await using var db = LedgerDb(database);
        var report = await VerifyLedger.RunAsync(db, CancellationToken.None);
        Assert.True(report.IsIntact, string.Join(Environment.NewLine, report.Breaks.Take(20)));
        var accounts = await db.Accounts.AsNoTracking().ToListAsync();
        Assert.Equal(0, accounts.Where(a => a.ExchangeId == "food").Sum(a => a.Balance));
        Assert.All(accounts, a => Assert.True(a.Balance >= -a.DebitLimit && a.Balance <= a.CreditLimit, $"account {a.Id} beyond its limits"));
        Assert.Equal(accepted, await db.Journal.CountAsync(e => e.Kind == Ledger.Domain.TransferKind.Direct));
        Assert.Equal(accepted, await db.Transfers.CountAsync());
    }

    private const string Password = "Two-ledgers-1!";

    /// <summary>
    /// A member registers through one process, opens an account (debit limit 0), the administrator gives it the
    /// Individual limits (audited), and the member gets a client for each process.
    /// </summary>
    private static async Task<Member> JoinAsync(HostProcess home, HostProcess[] ledgers, HttpClient admin)
    {
        var token = await RegisterAsync(home);
        var clients = ledgers.Select(l => l.CreateClient(token)).ToArray();
        var opened = await clients[0].PostAsJsonAsync("/api/ledger/accounts", new { exchangeId = "food" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var account = (await opened.Content.ReadFromJsonAsync<AccountView>())!;
        var granted = await admin.PutAsJsonAsync($"/api/ledger/accounts/{account.Id}/limits", new { debitLimit = 20_000, creditLimit = 40_000, reason = "member of the test network" });
        Assert.True(granted.StatusCode == HttpStatusCode.OK, await granted.Content.ReadAsStringAsync());
        return new Member(clients, account.Id);
    }

    /// <summary>An administrator made as an operator makes one (the host's <c>grant-admin</c> command), signed in.</summary>
    private static async Task<HttpClient> AdministratorAsync(Dictionary<string, string> settings, HostProcess ledger)
    {
        var email = $"admin-{Guid.NewGuid():N}@test.coop";
        var anonymous = ledger.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/auth/register", new { email, password = Password })).StatusCode);
        await HostProcess.RunToCompletionAsync(settings, "grant-admin", email);
        return ledger.CreateClient(await MarketplaceFactory.LoginAsync(anonymous, email, Password));
    }

    private static async Task<string> RegisterAsync(HostProcess home)
    {
        var email = $"member-{Guid.NewGuid():N}@test.coop";
        var anonymous = home.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/auth/register", new { email, password = Password })).StatusCode);
        return await MarketplaceFactory.LoginAsync(anonymous, email, Password);
    }

    private static LedgerDbContext LedgerDb(string connectionString)
    {
        var options = new DbContextOptionsBuilder<LedgerPostgresDbContext>();
        ProviderOptions.Configure(options, DatabaseProvider.Postgres, connectionString, LedgerDbContext.SchemaName);
        return new LedgerPostgresDbContext(options.Options);
    }

    private sealed record Member(HttpClient[] Clients, Guid AccountId);
}
