using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Hosting;
using SolidarityMarket.Web.Admin;
using SolidarityMarket.Web.Catalog;
using SolidarityMarket.Web.Certification;
using SolidarityMarket.Web.Clearing;
using SolidarityMarket.Web.Members;
using SolidarityMarket.Web.Operations;
using SolidarityMarket.Web.Orders;
using SolidarityMarket.Web.PeriodCloses;
using SolidarityMarket.Web.Settlement;
using SolidarityMarket.Web.Vendors;

namespace SolidarityMarket.Web;

/// <summary>
/// The server-rendered UI (Razor Pages): the marketplace search at <c>/</c>, a listing at <c>/listings/{id}</c>, and for
/// a signed-in member (<c>/signin</c>) their credit accounts, statements, payments, payment requests, cart and orders
/// under <c>/me</c>, for a co-op's staff its listings, orders and certification under <c>/me/vendors</c>, and for
/// administrators their pages under <c>/admin</c> (certification decisions and vendor staff among them).
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
            .Validate(o => o.ServiceUrls.Keys.All(k => ServiceRouting.Services.Contains(k, StringComparer.OrdinalIgnoreCase)),
                $"Web:ServiceUrls names only the services {string.Join(", ", ServiceRouting.Services)}.")
            .Validate(o => o.ServiceUrls.Values.All(u => u.IsAbsoluteUri && u.Scheme is "http" or "https"),
                "Web:ServiceUrls must be absolute http(s) addresses.")
            // It goes to every buyer's browser: a secret key (sk_…, rk_…) pasted here by mistake must never start.
            .Validate(o => string.IsNullOrEmpty(o.StripePublishableKey) || o.StripePublishableKey.StartsWith("pk_test_", StringComparison.Ordinal) || o.StripePublishableKey.StartsWith("pk_live_", StringComparison.Ordinal),
                "Web:StripePublishableKey must be a publishable key (pk_test_… or pk_live_…), never a secret one.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ApiAddress>();
        builder.Services.AddTransient<ServiceRouting>();
        AddApiClient<CatalogClient>(builder);
        AddApiClient<CertificationClient>(builder);
        AddApiClient<AuthClient>(builder);
        AddApiClient<LedgerClient>(builder);
        AddApiClient<OrderingClient>(builder);
        AddApiClient<OrderAdminClient>(builder);
        AddApiClient<VendorClient>(builder);
        AddApiClient<AccountAdminClient>(builder);
        AddApiClient<PeopleClient>(builder);
        AddApiClient<VendorStaffClient>(builder);
        AddApiClient<SettlementClient>(builder);
        AddApiClient<ClearingClient>(builder);
        AddApiClient<PeriodCloseClient>(builder);
        AddApiClient<MessagingAdminClient>(builder);
        AddApiClient<ReconciliationClient>(builder);
        AddMemberSessions(builder.Services, builder.Environment.IsDevelopment());
        builder.Services.AddRazorPages(o =>
            {
                // Every page reads the member's cookie, so a page's user is the same whichever page rendered a form and
                // whichever receives it: the antiforgery token is bound to that user (public pages stay [AllowAnonymous]).
                o.Conventions.AddFolderApplicationModelConvention("/", page => page.EndpointMetadata.Add(new AuthorizeAttribute { AuthenticationSchemes = MemberSession.Scheme }));
                o.Conventions.AuthorizeFolder("/Me", MemberSession.Policy);
                o.Conventions.AuthorizeFolder("/Admin", MemberSession.AdminPolicy);
                o.Conventions.ConfigureFilter(new ExpiredFormRedirect());
            })
            .ConfigureApplicationPartManager(AddThisAssembly);
    }

    private static void AddApiClient<TClient>(IHostApplicationBuilder builder)
        where TClient : class
    {
        builder.Services.AddHttpClient<TClient>((services, http) =>
            {
                http.BaseAddress = services.GetRequiredService<ApiAddress>().BaseAddress;
                http.Timeout = services.GetRequiredService<IOptions<WebOptions>>().Value.ApiTimeout;
            })
            .AddHttpMessageHandler<ServiceRouting>()
            // The handlers are pooled across members: a cookie one member's call received must not go with another's.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false });
        // HttpClient logs four Information lines per call; a page makes one to three calls.
        builder.Logging.AddFilter("System.Net.Http.HttpClient." + typeof(TClient).Name, LogLevel.Warning);
    }

    /// <summary>
    /// The members' pages (<c>/me/...</c>) need the UI's own sign-in cookie (<see cref="MemberSession"/>, ADR 0026).
    /// Lax, not Strict: a member following a link from an e-mail arrives signed in; every form that changes anything
    /// is a POST, which Lax never sends cross-site and Razor Pages' antiforgery token guards as well. Secure outside
    /// Development whatever the request looked like: behind a TLS proxy that does not say so, it would otherwise go
    /// out over plain HTTP once. Twelve hours from sign-in, not sliding: renewing the API token keeps the end.
    /// </summary>
    private static void AddMemberSessions(IServiceCollection services, bool development)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<MemberSession>();
        services.AddScoped<MemberApi>();
        services.AddAuthentication().AddCookie(MemberSession.Scheme, o =>
        {
            o.Cookie.Name = "sm.member";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.LoginPath = "/signin";
            o.AccessDeniedPath = "/denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = false;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(MemberSession.Policy, p => p.AddAuthenticationSchemes(MemberSession.Scheme).RequireAuthenticatedUser())
            .AddPolicy(MemberSession.AdminPolicy, p => p.AddAuthenticationSchemes(MemberSession.Scheme).RequireRole(Roles.Admin));
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
