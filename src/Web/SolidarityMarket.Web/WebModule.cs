using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.ServiceDefaults.Hosting;
using SolidarityMarket.Web.Catalog;

namespace SolidarityMarket.Web;

/// <summary>
/// The server-rendered UI (Razor Pages): the marketplace search at <c>/</c> and a listing at <c>/listings/{id}</c>.
/// A module like the services, so <c>Modules</c> can run it with them (the embedded default) or on its own; it reads
/// the services only through their public HTTP APIs (<see cref="ApiAddress"/>), never their code or data.
/// </summary>
public sealed class WebModule : IServiceModule
{
    public string Name => "Web";

    public void Add(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebOptions>().BindConfiguration("Web")
            .Validate(o => o.PageSize is >= 1 and <= 100, "Web:PageSize must be from 1 to 100.")
            .Validate(o => o.ApiBaseUrl is null || (o.ApiBaseUrl.IsAbsoluteUri && o.ApiBaseUrl.Scheme is "http" or "https"),
                "Web:ApiBaseUrl must be an absolute http(s) address.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ApiAddress>();
        builder.Services.AddHttpClient<CatalogClient>((services, http) =>
        {
            http.BaseAddress = services.GetRequiredService<ApiAddress>().BaseAddress;
            http.Timeout = services.GetRequiredService<IOptions<WebOptions>>().Value.ApiTimeout;
        });
        // HttpClient logs four Information lines per call; a page makes one to three calls.
        builder.Logging.AddFilter("System.Net.Http.HttpClient." + nameof(CatalogClient), LogLevel.Warning);
        builder.Services.AddRazorPages().ConfigureApplicationPartManager(AddThisAssembly);
    }

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapRazorPages();

    /// <summary>
    /// The pages are compiled into this library. The host may already have found it (the Web SDK lists referenced
    /// Razor assemblies); adding it twice would map every page twice.
    /// </summary>
    private static void AddThisAssembly(ApplicationPartManager parts)
    {
        var assembly = typeof(WebModule).Assembly;
        if (parts.ApplicationParts.Any(p => p is AssemblyPart a && a.Assembly == assembly))
        {
            return;
        }

        foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
        {
            parts.ApplicationParts.Add(part);
        }
    }
}
