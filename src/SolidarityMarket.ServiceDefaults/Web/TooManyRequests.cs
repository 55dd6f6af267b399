using Microsoft.AspNetCore.Http;

namespace SolidarityMarket.ServiceDefaults.Web;

/// <summary>The 429 answer of every rate limit: a ProblemDetails, and Retry-After in whole seconds when the limit knows it.</summary>
public static class TooManyRequests
{
    public const string Title = "Too many attempts; try again later.";

    public static async Task WriteAsync(HttpContext context, TimeSpan? retryAfter, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        SetRetryAfter(context, retryAfter);
        var problems = context.RequestServices.GetService(typeof(IProblemDetailsService)) as IProblemDetailsService;
        if (problems is null || !await problems.TryWriteAsync(Context(context, detail)))
        {
            await Results.Problem(detail, title: Title, statusCode: StatusCodes.Status429TooManyRequests, type: ProblemTypes.ForStatus(429)).ExecuteAsync(context);
        }
    }

    /// <summary>For endpoint filters: the same answer as an <see cref="IResult"/>.</summary>
    public static IResult Result(HttpContext context, TimeSpan? retryAfter, string detail)
    {
        SetRetryAfter(context, retryAfter);
        return TypedResults.Problem(detail, title: Title, statusCode: StatusCodes.Status429TooManyRequests, type: ProblemTypes.ForStatus(429));
    }

    private static ProblemDetailsContext Context(HttpContext context, string detail) => new()
    {
        HttpContext = context,
        ProblemDetails =
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = Title,
            Detail = detail,
            Type = ProblemTypes.ForStatus(StatusCodes.Status429TooManyRequests),
        },
    };

    private static void SetRetryAfter(HttpContext context, TimeSpan? retryAfter)
    {
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
