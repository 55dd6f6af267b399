using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.ServiceDefaults.Auth;

/// <summary>
/// Counts login, forgotPassword and resendConfirmationEmail against the e-mail they name, from whatever address:
/// guesses spread over many addresses still meet a limit, and nobody can make the server mail one inbox over and over.
/// Runs as an endpoint filter because the e-mail is in the body, which the rate-limiting middleware does not read.
/// </summary>
public sealed class PerEmailRateLimitFilter : IEndpointFilter, IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly ILogger<PerEmailRateLimitFilter> _logger;

    public PerEmailRateLimitFilter(AuthRateLimitOptions options, ILogger<PerEmailRateLimitFilter> logger)
    {
        _logger = logger;
        _limiter = PartitionedRateLimiter.Create<string, string>(email => RateLimitPartition.GetFixedWindowLimiter(
            email,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = options.PerEmailPermitLimit, Window = options.PerEmailWindow, QueueLimit = 0 }));
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var email = context.Arguments.Select(EmailOf).FirstOrDefault(e => e is not null);
        if (email is null)
        {
            return await next(context);
        }

        // Identity looks users up by normalised e-mail (Unicode NFC, then upper case), so A@x and a@x — and a Kelvin sign
        // for a k — are one account and one count.
        using var lease = _limiter.AttemptAcquire(email.Trim().Normalize().ToUpperInvariant());
        if (!lease.IsAcquired)
        {
            _logger.LogWarning("Rate limit: {Path} refused for an e-mail named too often", context.HttpContext.Request.Path.Value);
            return TooManyRequests.Result(
                context.HttpContext,
                lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null,
                "Too many requests for this e-mail.");
        }

        return await next(context);
    }

    public void Dispose() => _limiter.Dispose();

    private static string? EmailOf(object? argument) => argument switch
    {
        LoginRequest login => login.Email,
        ForgotPasswordRequest forgot => forgot.Email,
        ResendConfirmationEmailRequest resend => resend.Email,
        _ => null,
    };
}
