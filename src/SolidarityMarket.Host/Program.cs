using SolidarityMarket.Catalog;
using SolidarityMarket.Ledger;
using SolidarityMarket.Ordering;
using SolidarityMarket.ServiceDefaults.Hosting;

// One executable for every deployment: all services in one process (the embedded default) or any subset of
// them, chosen with the Modules setting. `migrate` applies the selected modules' migrations and exits.
var migrateOnly = args.Contains("migrate");
var builder = WebApplication.CreateBuilder(args.Where(a => a != "migrate").ToArray());
if (migrateOnly)
{
    builder.Configuration["Database:MigrateOnStartup"] = "true";
    builder.Configuration["Demo:Enabled"] = "false";
}

var modules = builder.AddSolidarityMarket([new CatalogModule(), new OrderingModule(), new LedgerModule()]);
var app = builder.Build();

if (migrateOnly)
{
    await StartupTaskRunner.RunAllAsync(app.Services, app.Logger, CancellationToken.None);
    return;
}

app.MapSolidarityMarket(modules);
await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
