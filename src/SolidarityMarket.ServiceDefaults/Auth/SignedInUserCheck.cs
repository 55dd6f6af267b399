using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SolidarityMarket.ServiceDefaults.Auth;

/// <summary>
/// Checks every signed-in request's user against the identity store as read at most
/// <see cref="AuthTokenOptions.UserCheckInterval"/> ago: a bearer token (or cookie) whose security stamp is no longer
/// the user's — <c>revoke-admin</c> changes it, as does a password or e-mail change — whose user is gone, or whose
/// user is locked out by an operator, is treated as no sign-in at all (401 where one is needed; <see cref="Use"/>). Without it a token
/// kept the roles it was issued with until it expired. A lock-out by failed passwords (5 minutes, Identity's own)
/// stops new sign-ins but does not end sessions: otherwise anyone knowing a member's e-mail could sign them out.
/// The read is one query per user and process per interval; in between it is a cache look-up.
/// </summary>
public sealed class SignedInUserCheck : IDisposable
{
    /// <summary>Users remembered at most per process; beyond it the cache evicts (and users are read again).</summary>
    public const int Capacity = 100_000;

    private readonly MemoryCache _users = new(new MemoryCacheOptions { SizeLimit = Capacity });
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly IdentityOptions _identity;
    private readonly TimeSpan _interval;
    private readonly ILogger<SignedInUserCheck> _logger;

    public SignedInUserCheck(IServiceScopeFactory scopes, TimeProvider time, IOptions<IdentityOptions> identity, AuthTokenOptions options, ILogger<SignedInUserCheck> logger)
    {
        _scopes = scopes;
        _time = time;
        _identity = identity.Value;
        _interval = options.UserCheckInterval;
        _logger = logger;
    }

    /// <summary>
    /// Runs after authentication: a refused sign-in leaves the request with no user at all (so an endpoint that needs
    /// one answers 401 and asks for a new sign-in, as for an expired token).
    /// </summary>
    public static IApplicationBuilder Use(IApplicationBuilder app)
    {
        var check = app.ApplicationServices.GetRequiredService<SignedInUserCheck>();
        return app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true && !await check.IsCurrentAsync(context.User))
            {
                // Replacing the user also drops the authentication result the authorization middleware would read.
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
            }

            await next(context);
        });
    }

    /// <summary>Whether <paramref name="principal"/> still matches its user as stored (read at most the interval ago).</summary>
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal)
    {
        var userId = principal.FindFirstValue(_identity.ClaimsIdentity.UserIdClaimType);
        var stamp = principal.FindFirstValue(_identity.ClaimsIdentity.SecurityStampClaimType);
        if (userId is null || stamp is null)
        {
            _logger.LogInformation("Sign-in without a user id or security stamp refused");
            return false;
        }

        var user = await StoredUserAsync(userId);
        var refusal = user is null ? "user no longer exists"
            : user.SecurityStamp != stamp ? "security stamp changed (roles, password or e-mail changed, or sessions ended)"
            : IsLockedOutByOperator(user) ? "user is locked out"
            : null;
        if (refusal is null)
        {
            return true;
        }

        _logger.LogInformation("Sign-in of user {UserId} refused: {Reason}", userId, refusal);
        return false;
    }

    /// <summary>Locked out for longer than a lock-out by failed passwords lasts: set by an operator (or demo lock-out).</summary>
    private bool IsLockedOutByOperator(StoredUser user) =>
        user.LockoutEnabled && user.LockoutEnd is { } end && end > _time.GetUtcNow() + _identity.Lockout.DefaultLockoutTimeSpan;

    private async Task<StoredUser?> StoredUserAsync(string userId)
    {
        var now = _time.GetUtcNow();
        if (_users.TryGetValue(userId, out Entry? cached) && cached is not null && now - cached.ReadAt < _interval)
        {
            return cached.User;
        }

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new StoredUser(u.SecurityStamp, u.LockoutEnabled, u.LockoutEnd))
            .FirstOrDefaultAsync();
        if (_interval > TimeSpan.Zero)
        {
            // The entry's own expiry (real time) only evicts; whether it is fresh is decided by ReadAt above.
            _users.Set(userId, new Entry(user, now), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _interval });
        }

        return user;
    }

    public void Dispose() => _users.Dispose();

    private sealed record StoredUser(string? SecurityStamp, bool LockoutEnabled, DateTimeOffset? LockoutEnd);

    private sealed record Entry(StoredUser? User, DateTimeOffset ReadAt);
}
