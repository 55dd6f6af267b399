using Microsoft.Extensions.Configuration;

namespace SolidarityMarket.ServiceDefaults.Auth;

/// <summary>
/// How long tokens live and how stale a process's view of a user may be (<c>Auth:*</c>). A bearer token carries its
/// user's roles and security stamp; every request compares them with the user as stored, read at most
/// <see cref="UserCheckInterval"/> ago (<see cref="SignedInUserCheck"/>), so a revoked administrator, a user whose
/// security stamp changed or one locked out by an operator is refused within that interval, not at the token's
/// expiry.
/// </summary>
public sealed record AuthTokenOptions
{
    public const string Section = "Auth";

    /// <summary>Bearer (access) token lifetime; the client then refreshes, which checks the security stamp again.</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromDays(14);

    /// <summary>How long a process trusts what it last read of a user (0: read on every request).</summary>
    public TimeSpan UserCheckInterval { get; init; } = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MaxUserCheckInterval = TimeSpan.FromMinutes(5);

    public static AuthTokenOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var defaults = new AuthTokenOptions();
        var options = new AuthTokenOptions
        {
            AccessTokenLifetime = section.GetValue(nameof(AccessTokenLifetime), defaults.AccessTokenLifetime),
            RefreshTokenLifetime = section.GetValue(nameof(RefreshTokenLifetime), defaults.RefreshTokenLifetime),
            UserCheckInterval = section.GetValue(nameof(UserCheckInterval), defaults.UserCheckInterval),
        };
        Require(options.AccessTokenLifetime > TimeSpan.Zero, nameof(AccessTokenLifetime), "must be positive");
        Require(options.RefreshTokenLifetime >= options.AccessTokenLifetime, nameof(RefreshTokenLifetime), "must be at least Auth:AccessTokenLifetime");
        Require(
            options.UserCheckInterval >= TimeSpan.Zero && options.UserCheckInterval <= MaxUserCheckInterval,
            nameof(UserCheckInterval),
            $"must be between 0 and {MaxUserCheckInterval} (it bounds how long a revoked user keeps access)");
        return options;
    }

    private static void Require(bool condition, string setting, string rule)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{Section}:{setting} {rule}.");
        }
    }
}
