namespace SolidarityMarket.ServiceDefaults.Auth;

/// <summary>The marketplace's roles. A user with no role is still a member of the network once registered.</summary>
public static class Roles
{
    public const string Member = "Member";
    public const string Vendor = "Vendor";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Member, Vendor, Admin];
}

/// <summary>Authorization policy names.</summary>
public static class Policies
{
    public const string Admin = "Admin";
}
