using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ordering.Features;

/// <summary>Ordering's ProblemDetails: a stable <c>type</c> per problem, so clients branch on it rather than on text.</summary>
public static class OrderingProblems
{
    /// <summary>Not found — also what a caller gets for an order, checkout or vendor they may not see.</summary>
    public static IResult NotFound(string what) =>
        TypedResults.Problem(detail: $"{what} was not found.", statusCode: StatusCodes.Status404NotFound, title: "Not found", type: ProblemTypes.ForStatus(404));

    public static IResult Conflict(string code, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict", type: ProblemTypes.Named(code));

    public static IResult Forbidden(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", type: ProblemTypes.ForStatus(403));

    /// <summary>
    /// An administrator who is a party to the order (its buyer, or on the vendor's staff) may not decide it: a type of
    /// its own, so a client can tell it from the plain 403 of a caller who is not (or no longer) an administrator.
    /// </summary>
    public const string NotImpartial = "not-impartial";

    public static IResult NotImpartialAdmin(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", type: ProblemTypes.Named(NotImpartial));

    public static IResult Invalid(RequestErrors errors) => TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.ForStatus(400));
}
