using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SolidarityMarket.ServiceDefaults.Web;

public static class ProblemDetailsSetup
{
    /// <summary>Every error response is a ProblemDetails with a trace id, including 401/403/404 without a body.</summary>
    public static IServiceCollection AddSolidarityProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? ctx.HttpContext.TraceIdentifier;
            ctx.ProblemDetails.Type ??= ProblemTypes.ForStatus(ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode);
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        // User text (listings, memos) is returned as JSON; escape HTML-significant characters too (the default
        // encoder leaves '<' and '>' as they are), so a page that embeds a body raw cannot be made to run script.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default);
        return services;
    }

    public static WebApplication UseSolidarityProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

/// <summary>
/// Malformed JSON, a wrong content type or an unparsable route value surface as <see cref="BadHttpRequestException"/>:
/// that is the client's error, so it becomes a 400 ProblemDetails, not a 500. A
/// <see cref="ServiceUnavailableException"/> becomes a 503 with Retry-After.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is ServiceUnavailableException unavailable)
        {
            httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            httpContext.Response.Headers.RetryAfter = "5";
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails =
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "Temporarily unavailable; nothing was applied.",
                    Detail = unavailable.Message,
                    Type = ProblemTypes.ForStatus(StatusCodes.Status503ServiceUnavailable),
                },
            });
        }

        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = "The request could not be read.",
                Detail = bad.Message,
                Type = ProblemTypes.ForStatus(bad.StatusCode),
            },
        });
    }
}
