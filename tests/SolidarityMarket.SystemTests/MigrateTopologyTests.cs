using System.Net;
using System.Net.Http.Json;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests;

/// <summary>
/// On a first distributed deployment the services start in any order. RabbitMQ drops a message it cannot route, so
/// an event published before its consumer's queue exists would be lost; the <c>migrate</c> step declares every
/// selected module's queues and bindings first.
/// </summary>
public sealed class MigrateTopologyTests(PrivateBroker broker)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_event_published_before_its_consumer_ever_started_reaches_it_once_migrate_has_declared_the_topology()
    {
        var storage = Directory.CreateTempSubdirectory("sm-topology-").FullName;
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["Database:Provider"] = "Sqlite",
                ["Database:MigrateOnStartup"] = "false",
                ["Storage:Directory"] = storage,
                ["RabbitMq:Host"] = await broker.NewVirtualHostAsync("topology"),
                ["Demo:Enabled"] = "false",
            };
            await HostProcess.RunToCompletionAsync(settings, "migrate");

            VendorView vendor;
            string token;
            await using (var catalog = await HostProcess.StartAsync(new Dictionary<string, string>(settings) { ["Modules"] = "Catalog" }, "catalog"))
            {
                var anonymous = catalog.CreateClient();
                var email = $"coop-{Guid.NewGuid():N}@test.coop";
                const string password = "Topology-pass-1!";
                Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/auth/register", new { email, password })).StatusCode);
                token = await MarketplaceFactory.LoginAsync(anonymous, email, password);
                var registered = await catalog.CreateClient(token).PostAsJsonAsync("/api/catalog/vendors", new { name = "First Light Co-op", category = "NetworkOrAssociation", sector = "care" });
                Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
                vendor = (await registered.Content.ReadFromJsonAsync<VendorView>())!;

                // The event has left Catalog (its outbox row is sent) while no Ledger process has ever run.
                await Eventually.TrueAsync(() => Task.FromResult(SqliteScalar(Path.Combine(storage, "catalog.db"), "SELECT COUNT(*) FROM OutboxMessages WHERE SentAt IS NULL") == 0), Timeout, "Catalog's outbox sent");
            }

            await using var ledger = await HostProcess.StartAsync(new Dictionary<string, string>(settings) { ["Modules"] = "Ledger" }, "ledger");
            var ledgerClient = ledger.CreateClient(token);
            var account = await Eventually.GetAsync(
                async () => (await ledgerClient.GetFromJsonAsync<List<AccountView>>($"/api/ledger/accounts?ownerId={vendor.Id}"))!.SingleOrDefault(),
                Timeout, $"the co-op's account, opened from the event published before the Ledger first started\n{ledger.Tail(40)}");
            Assert.Equal("care", account.ExchangeId);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(storage, recursive: true);
        }
    }

    private static long SqliteScalar(string path, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
