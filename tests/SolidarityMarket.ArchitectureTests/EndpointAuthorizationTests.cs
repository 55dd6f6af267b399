using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace SolidarityMarket.ArchitectureTests;

/// <summary>
/// Every <c>/api</c> endpoint requires a signed-in user unless it is explicitly public, and the only public ones
/// are GETs under <c>/api/catalog</c> (browsing) and the few machine-to-machine endpoints listed in
/// <see cref="PublicMachineEndpoints"/>, which authenticate the caller another way. <c>/api/auth/*</c> is
/// Identity's own (login, register, ...).
/// </summary>
public sealed class EndpointAuthorizationTests(EndpointAuthorizationTests.HostFixture host) : IClassFixture<EndpointAuthorizationTests.HostFixture>
{
    [Fact]
    public void Every_api_endpoint_requires_authorization_or_is_explicitly_anonymous()
    {
        var unprotected = host.ApiEndpoints
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(Describe)
            .ToList();

        Assert.True(unprotected.Count == 0,
            "These /api endpoints neither require authorization nor are marked AllowAnonymous:" + Environment.NewLine + string.Join(Environment.NewLine, unprotected));
    }

    [Fact]
    public void Anonymous_api_endpoints_are_only_catalog_reads()
    {
        var anonymous = host.ApiEndpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine("Anonymous /api endpoints:" + Environment.NewLine + string.Join(Environment.NewLine, anonymous.Select(Describe)));

        var wrong = anonymous
            .Where(e => !(Solution.IsUnder(Route(e).Replace('/', '.'), "api.catalog") && Methods(e).SequenceEqual(["GET"])))
            .Where(e => !PublicMachineEndpoints.Any(p => Route(e) == p.Route && Methods(e).SequenceEqual([p.Method])))
            .Select(Describe)
            .ToList();

        Assert.True(wrong.Count == 0,
            "Only public catalog browsing (GET /api/catalog/...) may be anonymous; these are too:" + Environment.NewLine + string.Join(Environment.NewLine, wrong));
    }

    /// <summary>
    /// Exact method and route of each anonymous endpoint that is not catalog browsing, with why it may be:
    /// Stripe's webhook cannot sign in; it is verified by its Stripe-Signature header (HMAC with the endpoint secret).
    /// </summary>
    private static readonly (string Method, string Route)[] PublicMachineEndpoints =
    [
        ("POST", "api/payments/stripe/webhook"),
    ];

    [Fact]
    public void The_public_machine_endpoints_exist_and_are_anonymous()
    {
        // Guards the allow-list against going stale: each entry is a real anonymous endpoint.
        foreach (var (method, route) in PublicMachineEndpoints)
        {
            Assert.Contains(host.ApiEndpoints, e => Route(e) == route && Methods(e).SequenceEqual([method]) && e.Metadata.GetMetadata<IAllowAnonymous>() is not null);
        }
    }

    [Fact]
    public void Each_service_maps_api_endpoints()
    {
        // Guards the two rules above against passing over an empty endpoint list.
        foreach (var prefix in new[] { "api/catalog/", "api/ordering/", "api/ledger/" })
        {
            Assert.Contains(host.ApiEndpoints, e => Route(e).StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    private static string Route(RouteEndpoint endpoint) => endpoint.RoutePattern.RawText!.TrimStart('/');

    private static IReadOnlyList<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];

    private static string Describe(RouteEndpoint endpoint) =>
        $"{string.Join(",", Methods(endpoint) is { Count: > 0 } m ? m : ["ANY"])} /{Route(endpoint)} ({endpoint.DisplayName})";

    /// <summary>The whole host (all modules) on a throw-away storage folder, without demo data.</summary>
    public sealed class HostFixture : IAsyncLifetime
    {
        private readonly string storage = Directory.CreateTempSubdirectory("sm-arch-").FullName;
        private WebApplicationFactory<Program>? factory;

        public IReadOnlyList<RouteEndpoint> ApiEndpoints { get; private set; } = [];

        public ValueTask InitializeAsync()
        {
            factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
                .UseSetting("Storage:Directory", storage)
                .UseSetting("Demo:Enabled", "false")
                .UseSetting("Logging:LogLevel:Default", "Warning"));
            ApiEndpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
                .OfType<RouteEndpoint>()
                .Where(e => Route(e).StartsWith("api/", StringComparison.Ordinal) && !Route(e).StartsWith("api/auth/", StringComparison.Ordinal))
                .ToList();

            // The host really ran on the throw-away folder (it migrates its SQLite files there at start).
            if (!Directory.EnumerateFileSystemEntries(storage).Any())
            {
                throw new InvalidOperationException($"The host did not use Storage:Directory={storage}; it may have written to ./data instead.");
            }

            return ValueTask.CompletedTask;
        }

        public async ValueTask DisposeAsync()
        {
            if (factory is not null)
            {
                await factory.DisposeAsync();
            }

            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(storage, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open only leaves a temp folder behind.
            }
        }
    }
}
