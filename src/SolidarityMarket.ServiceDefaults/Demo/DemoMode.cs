using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace SolidarityMarket.ServiceDefaults.Demo;

/// <summary>
/// Demo mode (<c>Demo:Enabled=true</c>) seeds a small network and three demo users whose password is
/// <c>Demo:Password</c>. It refuses to start in the Production environment: demo credentials must never be live.
/// </summary>
public static class DemoMode
{
    public static bool IsEnabled(IConfiguration configuration, IHostEnvironment environment)
    {
        var enabled = configuration.GetValue<bool>("Demo:Enabled");
        if (enabled && environment.IsProduction())
        {
            throw new InvalidOperationException(
                "Demo mode (Demo:Enabled=true) refuses to start in the Production environment: it creates users with a published password.");
        }

        return enabled;
    }

    public static string Password(IConfiguration configuration) =>
        configuration["Demo:Password"] is { Length: > 0 } password
            ? password
            : throw new InvalidOperationException("Demo:Enabled is true but Demo:Password is empty.");
}

/// <summary>
/// The demo users. Their ids are fixed so every module can seed data that belongs to them without asking Identity
/// (in separate processes there is nobody to ask at seed time).
/// </summary>
public static class DemoUsers
{
    public static readonly DemoUser Admin = new("0196a000-0000-7000-8000-000000000001", "admin@demo.coop", "Admin");
    public static readonly DemoUser Vendor = new("0196a000-0000-7000-8000-000000000002", "vendor@demo.coop", "Vendor");
    public static readonly DemoUser Member = new("0196a000-0000-7000-8000-000000000003", "member@demo.coop", "Member");

    public static readonly IReadOnlyList<DemoUser> All = [Admin, Vendor, Member];
}

public sealed record DemoUser(string Id, string Email, string Role);

public static class DemoModeExtensions
{
    /// <summary>True when demo data should be seeded (throws in Production, see <see cref="DemoMode"/>).</summary>
    public static bool IsDemo(this IHostApplicationBuilder builder) => DemoMode.IsEnabled(builder.Configuration, builder.Environment);
}
