using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests.Auth;

/// <summary>
/// The test server has no network connection, so every request would come from one (unknown) address. This puts
/// each test client's address on the connection, first in the pipeline, as a real connection would have it.
/// </summary>
public static class ClientAddresses
{
    private const string Header = "X-Test-Connection-Address";

    public static WebApplicationFactory<Program> WithClientAddresses(this MarketplaceFactory factory) =>
        factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter, ConnectionAddressFromHeader>()));

    /// <summary>A client whose requests come from <paramref name="address"/>.</summary>
    public static HttpClient ClientFrom(this WebApplicationFactory<Program> factory, string address)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(Header, address);
        return client;
    }

    private sealed class ConnectionAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.Remove(Header, out var address))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
