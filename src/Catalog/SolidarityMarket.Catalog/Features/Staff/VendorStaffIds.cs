using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Catalog.Features.Staff;

/// <summary>
/// The rules for a list of staff user ids, shared by a vendor's registration and its staff changes so both accept and
/// store the same ids.
/// </summary>
public static class VendorStaffIds
{
    /// <summary>As long as a user id may be in every service's tables (Ledger's account holders too).</summary>
    public const int MaxUserIdLength = 64;

    /// <summary>A co-op's team, with room; a list beyond it is a mistake or an attack, not a team.</summary>
    public const int MaxCount = 100;

    public const int MaxReasonLength = 1000;

    /// <summary>Adds an error for <paramref name="field"/> unless every id is non-blank, short enough and without control characters, and there are at most <see cref="MaxCount"/>.</summary>
    public static RequestErrors Validate(RequestErrors errors, List<string>? ids, string field) => errors
        .Require(ids is null || ids.All(id => !string.IsNullOrWhiteSpace(id) && id.Length <= MaxUserIdLength && !id.Any(char.IsControl)),
            field, $"{field} must be user ids: each non-blank, at most {MaxUserIdLength} characters, without control characters.")
        .Require(ids is null || ids.Count <= MaxCount, field, $"{field} may name at most {MaxCount} users.");

    /// <summary>
    /// Trimmed and told apart regardless of case, first spelling kept: user ids are GUIDs, and on SQL Server the staff
    /// key compares without case or trailing spaces, so "abc" and "ABC " would break it (a 500).
    /// </summary>
    public static List<string> Normalise(IEnumerable<string> ids) =>
        ids.Select(id => id.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
