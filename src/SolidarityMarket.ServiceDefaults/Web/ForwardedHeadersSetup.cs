using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SolidarityMarket.ServiceDefaults.Web;

/// <summary>
/// Behind a reverse proxy every request comes from the proxy's address, so per-client rate limits would count all
/// clients as one. The client's address is taken from <c>X-Forwarded-For</c> only when the request comes from a
/// proxy named in <c>ReverseProxy:KnownProxies</c> (addresses) or <c>ReverseProxy:KnownNetworks</c> (CIDR), and
/// only the last hop that proxy added: anyone can send the header, so it is never trusted from anyone else.
/// Without those settings the header is ignored.
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string Section = "ReverseProxy";

    public static IHostApplicationBuilder AddSolidarityForwardedHeaders(this IHostApplicationBuilder builder)
    {
        var proxies = builder.Configuration.GetSection($"{Section}:KnownProxies").Get<string[]>() ?? [];
        var networks = builder.Configuration.GetSection($"{Section}:KnownNetworks").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1;
            // The defaults trust loopback; only what the operator names is trusted.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }

    /// <summary>Reads forwarded headers when a proxy is configured; first in the pipeline, so everything after sees the client.</summary>
    public static WebApplication UseSolidarityForwardedHeaders(this WebApplication app)
    {
        var section = app.Configuration.GetSection(Section);
        if (section.GetSection("KnownProxies").GetChildren().Any() || section.GetSection("KnownNetworks").GetChildren().Any())
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
