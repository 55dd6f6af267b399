using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.ServiceDefaults.Auth;

/// <summary>
/// ASP.NET Core's rate limiter on the sign-in endpoints (<see cref="AuthRateLimitOptions"/>): without it anyone
/// could guess passwords as fast as the server hashes them (each guess costs it a PBKDF2 hash), and make it send
/// password-reset mail to anyone. A refused request gets a 429 ProblemDetails with Retry-After, before any work.
/// </summary>
public static class AuthRateLimits
{
    public const string PerAddressPolicy = "auth-per-address";

    public static IHostApplicationBuilder AddSolidarityAuthRateLimits(this IHostApplicationBuilder builder)
    {
        var options = AuthRateLimitOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<PerEmailRateLimitFilter>();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PerAddressPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                ClientAddress.PartitionKey(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.PerAddressPermitLimit, Window = options.PerAddressWindow, QueueLimit = 0 }));
            limiter.OnRejected = async (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : (TimeSpan?)null;
                rejected.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuthRateLimits))
                    .LogWarning("Rate limit: {Path} refused for {Client}", rejected.HttpContext.Request.Path.Value, ClientAddress.PartitionKey(rejected.HttpContext));
                await TooManyRequests.WriteAsync(rejected.HttpContext, retryAfter, "Too many requests from this address.");
            };
        });
        return builder;
    }

    /// <summary>Limits every POST of <paramref name="auth"/> per client address, and the ones naming an e-mail per e-mail too.</summary>
    public static RouteGroupBuilder WithSolidarityAuthRateLimits(this RouteGroupBuilder auth, IServiceProvider services)
    {
        var postOnly = new EnableRateLimitingAttribute(PerAddressPolicy);
        ((IEndpointConventionBuilder)auth).Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Contains(HttpMethods.Post)))
            {
                endpoint.Metadata.Add(postOnly);
            }
        });
        // The one instance (a singleton holding the counts): AddEndpointFilter<T> would build a new one per request.
        auth.AddEndpointFilter(services.GetRequiredService<PerEmailRateLimitFilter>());
        return auth;
    }
}
