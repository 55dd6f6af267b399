namespace SolidarityMarket.ServiceDefaults.Web;

/// <summary>Stable ProblemDetails <c>type</c> URIs, so clients can branch on them instead of on message text.</summary>
public static class ProblemTypes
{
    public const string Base = "https://solidarity.market/problems/";

    public static string ForStatus(int status) => status switch
    {
        400 => Base + "bad-request",
        401 => Base + "unauthenticated",
        403 => Base + "forbidden",
        404 => Base + "not-found",
        409 => Base + "conflict",
        422 => Base + "unprocessable",
        429 => Base + "too-many-requests",
        _ => Base + "http-" + status,
    };

    /// <summary>A named domain problem, e.g. <c>Named("insufficient-limit")</c>.</summary>
    public static string Named(string code) => Base + code;
}
