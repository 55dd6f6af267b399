using System.Text.RegularExpressions;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// Turns a domain refusal into a ProblemDetails: the status from the root cause's category (400 invalid,
/// 404 not found, 409 conflict, 422 rule violated), a stable type per reason, and the reason's detail.
/// </summary>
public static partial class LedgerProblems
{
    public static IResult From(Rejection rejection)
    {
        var status = rejection.Category switch
        {
            RejectionCategory.InvalidRequest => StatusCodes.Status400BadRequest,
            RejectionCategory.NotFound => StatusCodes.Status404NotFound,
            RejectionCategory.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
        var extensions = new Dictionary<string, object?> { ["reason"] = rejection.RootReason.ToString() };
        if (rejection.FailedItemIndex is { } index)
        {
            extensions["failedItemIndex"] = index;
        }

        return TypedResults.Problem(
            detail: rejection.Detail,
            statusCode: status,
            title: Words(rejection.RootReason.ToString()),
            type: ProblemTypes.Named(Kebab(rejection.RootReason.ToString())),
            extensions: extensions);
    }

    /// <summary>Not found — also what a caller gets for an account or transfer they may not see.</summary>
    public static IResult NotFound(string what) =>
        TypedResults.Problem(detail: $"{what} was not found.", statusCode: StatusCodes.Status404NotFound, title: "Not found", type: ProblemTypes.ForStatus(404));

    public static IResult Forbidden(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", type: ProblemTypes.ForStatus(403));

    private static string Kebab(string name) => UpperCase().Replace(name, "-$1").TrimStart('-').ToLowerInvariant();

    private static string Words(string name) => UpperCase().Replace(name, " $1").Trim();

    [GeneratedRegex("([A-Z])")]
    private static partial Regex UpperCase();
}
