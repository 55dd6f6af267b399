namespace SolidarityMarket.Catalog.Data;

/// <summary>
/// Converts between degrees (the API's WGS 84 latitude/longitude) and the micro-degrees the catalog stores
/// (<see cref="Vendor.LatitudeMicro"/>). Six decimal places are about 11 cm, finer than any street address.
/// </summary>
public static class GeoCoordinates
{
    public const double MicroPerDegree = 1_000_000;

    public static long ToMicro(double degrees) => (long)Math.Round(degrees * MicroPerDegree, MidpointRounding.AwayFromZero);

    public static double ToDegrees(long micro) => micro / MicroPerDegree;

    public static double? ToDegrees(long? micro) => micro is { } m ? ToDegrees(m) : null;

    public static bool IsLatitude(double value) => double.IsFinite(value) && value is >= -90 and <= 90;

    public static bool IsLongitude(double value) => double.IsFinite(value) && value is >= -180 and <= 180;
}

/// <summary>Column lengths of a vendor's profile, shared by the model and the request validation.</summary>
public static class VendorLimits
{
    public const int Street = 200;
    public const int City = 100;
    public const int PostalCode = 20;
    public const int Country = 100;
    public const int ContactEmail = 254;
    public const int ContactPhone = 40;

    /// <summary>A Stripe connected-account id (acct_...) is far shorter; room for other providers.</summary>
    public const int PaymentAccountId = 255;
}
