using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Demo;
using SolidarityMarket.Catalog.Features;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Demo;
using SolidarityMarket.ServiceDefaults.Hosting;

namespace SolidarityMarket.Catalog;

/// <summary>Catalog: vendors, certification, listings, stock and search.</summary>
public sealed class CatalogModule : IServiceModule
{
    public string Name => "Catalog";

    public void Add(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CatalogOptions>().BindConfiguration("Catalog");
        builder.AddServiceDatabase<CatalogDbContext, CatalogSqliteDbContext, CatalogPostgresDbContext, CatalogSqlServerDbContext>("Catalog");
        if (builder.IsDemo())
        {
            builder.Services.AddSingleton<IStartupTask, SeedCatalogDemo>();
        }
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/catalog").WithTags("Catalog").RequireAuthorization();
        RegisterVendor.Map(group);
        GetVendor.Map(group);
        BrowseListings.Map(group);
    }
}
