using SolidarityMarket.Catalog;
using SolidarityMarket.Ledger;
using SolidarityMarket.Ordering;
using SolidarityMarket.ServiceDefaults.Hosting;
using SolidarityMarket.Web;

// One executable for every deployment: all services in one process (the embedded default) or any subset of
// them, chosen with the Modules setting; "Web" is the server-rendered UI, which reads the services over HTTP only.
// One-shot commands (`migrate`, `grant-admin EMAIL`, `revoke-admin EMAIL`) run and exit (HostCommand).
var command = HostCommand.Parse(args);
var builder = WebApplication.CreateBuilder(command.HostArguments);
command.Configure(builder.Configuration);

var modules = builder.AddSolidarityMarket([new CatalogModule(), new OrderingModule(), new LedgerModule(), new WebModule()]);
var app = builder.Build();

if (command.IsCommand)
{
    Environment.ExitCode = await command.RunAsync(app.Services, app.Logger, CancellationToken.None);
    return;
}

app.MapSolidarityMarket(modules);
await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
