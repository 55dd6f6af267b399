using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolidarityMarket.ServiceDefaults.Auth.Email;
using SolidarityMarket.ServiceDefaults.Auth.Users;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Hosting;

namespace SolidarityMarket.ServiceDefaults.Auth;

public static class AuthSetup
{
    /// <summary>
    /// Identity with roles, bearer tokens for API clients and cookies for the web UI (Identity's
    /// BearerAndApplication scheme). Tokens are protected with a data-protection key ring shared by every process
    /// (<c>DataProtection:KeysDirectory</c>, default <c>{Storage:Directory}/keys</c>), so a token issued by one
    /// process is accepted by the others; with <c>DataProtection:CertificatePath</c> its keys are encrypted at rest
    /// (<see cref="KeyRingProtection"/>). A token read once is not decrypted again for a minute (<see cref="BearerTicketCache"/>).
    /// Access tokens live <c>Auth:AccessTokenLifetime</c> (10 minutes), and each request's user is checked against the
    /// store as read at most <c>Auth:UserCheckInterval</c> (1 minute) ago (<see cref="SignedInUserCheck"/>). Each module's <c>/api/{module}</c> group requires a signed-in user; public endpoints opt out one by one.
    /// </summary>
    public static IHostApplicationBuilder AddSolidarityAuth(this IHostApplicationBuilder builder)
    {
        var settings = DatabaseSettings.From(builder.Configuration);
        var connectionString = settings.ConnectionString(builder.Configuration, "Identity");
        void Configure(DbContextOptionsBuilder o) => ProviderOptions.Configure(o, settings.Provider, connectionString, AuthDbContext.Schema);
        _ = settings.Provider switch
        {
            DatabaseProvider.Sqlite => builder.Services.AddDbContext<AuthDbContext, AuthSqliteDbContext>(Configure),
            DatabaseProvider.Postgres => builder.Services.AddDbContext<AuthDbContext, AuthPostgresDbContext>(Configure),
            _ => builder.Services.AddDbContext<AuthDbContext, AuthSqlServerDbContext>(Configure),
        };

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));

        builder.Services.AddIdentityApiEndpoints<IdentityUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AuthDbContext>();

        // Password-reset codes by e-mail when Email:Smtp:Host is set (replaces Identity's sender, which sends nothing).
        builder.AddSolidarityEmail();

        // Short-lived access tokens, and every request's user checked against the store (SignedInUserCheck).
        var tokens = AuthTokenOptions.From(builder.Configuration);
        builder.Services.AddSingleton(tokens);
        builder.Services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme).Configure(o =>
        {
            o.BearerTokenExpiration = tokens.AccessTokenLifetime;
            o.RefreshTokenExpiration = tokens.RefreshTokenLifetime;
        });
        builder.Services.AddSingleton<SignedInUserCheck>();

        // The cookie (for a same-site web UI) is never sent with requests from other sites; CrossSiteRequestGuard
        // refuses cross-site writes that a same-site page (a sibling subdomain) could still send with it.
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });

        // Runs after Identity's own configuration of the scheme, which creates the protector being wrapped.
        builder.Services.AddSingleton<BearerTicketCache>();
        builder.Services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme)
            .PostConfigure<BearerTicketCache>((options, cache) => options.BearerTokenProtector = cache.Wrap(options.BearerTokenProtector));

        var keys = builder.Configuration["DataProtection:KeysDirectory"] ?? Path.Combine(StorageOptions.Directory(builder.Configuration), "keys");
        builder.Services.AddDataProtection()
            .SetApplicationName("SolidarityMarket")
            .PersistKeysToFileSystem(new DirectoryInfo(keys))
            .ProtectKeysAtRest(builder.Configuration, builder.Environment, keys);

        builder.AddSolidarityAuthRateLimits();
        builder.Services.AddHealthChecks().AddDbContextCheck<AuthDbContext>("identity-db", tags: ["ready"]);
        builder.Services.AddSingleton<IStartupTask>(new MigrateDatabase<AuthDbContext>(settings.MigrateOnStartup));
        builder.Services.AddSingleton<IStartupTask, SeedRoles>();
        return builder;
    }

    /// <summary>
    /// <c>POST /api/auth/login</c> (<c>{email, password}</c> → bearer token), register, refresh, manage,
    /// forgotPassword / resetPassword (answered by <see cref="PasswordResetFilter"/>), <c>GET /api/auth/me</c>
    /// (<see cref="CurrentUser"/>); every POST
    /// rate-limited (<see cref="AuthRateLimits"/>; the app must run <c>UseRateLimiter</c> after routing).
    /// </summary>
    public static IEndpointRouteBuilder MapSolidarityAuth(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup("/api/auth").WithTags("Auth");
        auth.WithSolidarityAuthRateLimits(endpoints.ServiceProvider);
        auth.AddEndpointFilter<RegistrationRaceFilter>();
        auth.AddEndpointFilter<PasswordResetFilter>();
        auth.MapIdentityApi<IdentityUser>();
        auth.MapCurrentUser();
        endpoints.MapUserAdministration();
        return endpoints;
    }
}

/// <summary>Makes sure the three roles exist; idempotent, runs at every start, and tolerates replicas starting together.</summary>
public sealed class SeedRoles : IStartupTask
{
    public int Order => 10;

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        foreach (var role in Roles.All)
        {
            if (await RoleExistsAsync(services, role))
            {
                continue;
            }

            IdentityResult result;
            try
            {
                // Its own scope: a refused insert stays tracked by its context and would be saved again with the next role.
                await using var scope = services.CreateAsyncScope();
                result = await scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>().CreateAsync(new IdentityRole(role));
            }
            catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
            {
                // Another replica starting at the same moment may have created it first: the unique index refused ours.
                if (await RoleExistsAsync(services, role))
                {
                    continue;
                }

                throw;
            }

            if (!result.Succeeded && !await RoleExistsAsync(services, role))
            {
                throw new InvalidOperationException($"Could not create role {role}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
            }
        }
    }

    private static async Task<bool> RoleExistsAsync(IServiceProvider services, string role)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>().RoleExistsAsync(role);
    }
}
