using Microsoft.Extensions.Configuration;

namespace SolidarityMarket.ServiceDefaults.Auth;

/// <summary>
/// Limits on the sign-in endpoints (<c>Auth:RateLimit:*</c>). Every POST under <c>/api/auth</c> (login, register,
/// refresh, forgotPassword, resetPassword, resendConfirmationEmail, manage/info, manage/2fa) checks a password, a
/// code or a token, or sends an e-mail, so each one counts against the caller's address; login, forgotPassword and
/// resendConfirmationEmail also count against the e-mail they name, whoever sends them. Fixed windows, kept in the
/// memory of each process: with N replicas behind a load balancer a client gets up to N times the limit.
/// </summary>
public sealed record AuthRateLimitOptions
{
    public const string Section = "Auth:RateLimit";

    /// <summary>Requests one client address (an IPv6 /64) may send per <see cref="PerAddressWindow"/>.</summary>
    public int PerAddressPermitLimit { get; init; } = 30;

    public TimeSpan PerAddressWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests naming one e-mail (any address) per <see cref="PerEmailWindow"/>; the lock-out allows 10 failures.</summary>
    public int PerEmailPermitLimit { get; init; } = 10;

    public TimeSpan PerEmailWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The settings, or an exception naming the one that is out of range (a start must not run without limits by mistake).</summary>
    public static AuthRateLimitOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<AuthRateLimitOptions>() ?? new AuthRateLimitOptions();
        Require(options.PerAddressPermitLimit > 0, nameof(PerAddressPermitLimit), "must be at least 1");
        Require(options.PerEmailPermitLimit > 0, nameof(PerEmailPermitLimit), "must be at least 1");
        Require(options.PerAddressWindow > TimeSpan.Zero, nameof(PerAddressWindow), "must be positive");
        Require(options.PerEmailWindow > TimeSpan.Zero, nameof(PerEmailWindow), "must be positive");
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
