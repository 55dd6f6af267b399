using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.ServiceDefaults.Auth;

/// <summary>
/// Refuses a state-changing request (anything but GET, HEAD, OPTIONS, TRACE) that is signed in by Identity's
/// application cookie and that the browser says came from another site: <c>Sec-Fetch-Site</c> other than
/// <c>same-origin</c>, or an <c>Origin</c> that is not this host. Without it a page on another origin could make a
/// signed-in member's browser post a form to, say, <c>/orders/{id}/confirm-receipt</c> — endpoints without a JSON body
/// bind an empty form — and the cookie went along (SameSite=Lax lets a sibling subdomain's request through). Bearer
/// tokens are not sent by browsers on their own, so requests carrying one are not checked; neither are requests
/// without either header (not from a browser, so not forged by one). The cookie is also SameSite=Strict.
/// </summary>
public static class CrossSiteRequestGuard
{
    public static IApplicationBuilder Use(IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CrossSiteRequestGuard));
        return app.Use(async (context, next) =>
        {
            if (IsCrossSiteCookieWrite(context.Request, context.User.Identity))
            {
                logger.LogWarning("Refused a cross-site {Method} {Path} signed in by cookie (Sec-Fetch-Site {Site}, Origin {Origin})",
                    context.Request.Method, context.Request.Path, context.Request.Headers["Sec-Fetch-Site"].ToString(), context.Request.Headers.Origin.ToString());
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await Results.Problem(
                    "A request signed in by cookie must come from this site's own pages. API clients send a bearer token.",
                    title: "Cross-site request refused",
                    statusCode: StatusCodes.Status403Forbidden,
                    type: ProblemTypes.Named("cross-site-request")).ExecuteAsync(context);
                return;
            }

            await next(context);
        });
    }

    public static bool IsCrossSiteCookieWrite(HttpRequest request, System.Security.Principal.IIdentity? identity)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        {
            return false;
        }

        // Identity's BearerAndApplication scheme reads the bearer token when the request carries one and the cookie
        // otherwise; both identities have the same authentication type, so the header is what tells them apart.
        if (identity is not { IsAuthenticated: true } || request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && !site.Equals("same-origin", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && !IsOwnOrigin(origin, request);
    }

    private static bool IsOwnOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.Scheme.Equals(request.Scheme, StringComparison.OrdinalIgnoreCase)
        && uri.Authority.Equals(request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
