using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Catalog.Features;

/// <summary>Catalog's ProblemDetails: a stable <c>type</c> per reason, so clients branch on it rather than on text.</summary>
public static class CatalogProblems
{
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(detail: $"{what} was not found.", statusCode: StatusCodes.Status404NotFound, title: "Not found", type: ProblemTypes.ForStatus(404));

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", type: ProblemTypes.ForStatus(403));

    /// <summary>409 with a named type, e.g. <c>Conflict("application-open", ...)</c>.</summary>
    public static ProblemHttpResult Conflict(string code, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict", type: ProblemTypes.Named(code));

    /// <summary>Another change to the same vendor's certification committed first (optimistic concurrency).</summary>
    public static ProblemHttpResult ConcurrentChange() =>
        Conflict("concurrent-change", "The vendor's certification changed at the same time; read it again and retry.");
}
