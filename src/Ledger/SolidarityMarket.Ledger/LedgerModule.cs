using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolidarityMarket.Ledger.Consumers;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Hosting;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ledger;

/// <summary>The barter ledger: mutual-credit accounts, transfers, holds, journal.</summary>
public sealed class LedgerModule : IServiceModule
{
    public string Name => "Ledger";

    public void Add(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LedgerOptions>().BindConfiguration("Ledger");
        builder.AddServiceDatabase<LedgerDbContext, LedgerSqliteDbContext, LedgerPostgresDbContext, LedgerSqlServerDbContext>("Ledger");
        builder.Messaging().AddConsumer<OpenVendorAccount>("ledger", "vendor-registered");
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/ledger").WithTags("Ledger").RequireAuthorization();
        GetAccount.Map(group);
        ListAccounts.Map(group);
    }
}
