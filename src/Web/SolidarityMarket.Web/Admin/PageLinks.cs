using System.Globalization;

namespace SolidarityMarket.Web.Admin;

/// <summary>
/// Where one page of a paged API list stands and the <c>?page=N</c> links to its neighbours, as the <c>_PageLinks</c>
/// partial draws them under an administrator's list. Which neighbour is "older" depends on which end the list starts
/// with (<paramref name="NewestFirst"/>); whether there is a next page comes from the API's <paramref name="Total"/>.
/// <paramref name="Filter"/> is the rest of the list's query (<c>exchange=food</c>), kept in every link.
/// </summary>
public sealed record PageLinks(int Page, int PageSize, int Total, string Noun, bool NewestFirst, string Filter = "")
{
    /// <summary>The highest page the Ledger and Ordering lists take; a page past it would be refused (400), not empty.</summary>
    public const int MaxPage = 1_000_000;

    public int LastPage => (int)Math.Max(1, ((long)Total + PageSize - 1) / PageSize);

    public bool HasNext => (long)Page * PageSize < Total;

    public bool HasPrevious => Page > 1;

    /// <summary>The page before; from a page past the end, the last page (not another empty one).</summary>
    public int PreviousPage => Math.Min(Page - 1, LastPage);

    public string NextText => NewestFirst ? $"Older {Noun}" : $"Newer {Noun}";

    public string PreviousText => NewestFirst ? $"Newer {Noun}" : $"Older {Noun}";

    public string Link(int page) => "?" + (Filter.Length > 0 ? Filter + "&" : "") + "page=" + page.ToString(CultureInfo.InvariantCulture);

    /// <summary>Which rows of the whole list a page of <paramref name="count"/> shows: "51–53 of 53 closes".</summary>
    public string Showing(int count) =>
        $"{(long)(Page - 1) * PageSize + 1}–{(long)(Page - 1) * PageSize + count} of {Total} {Noun}";

    /// <summary>What an empty page says: past the end of the list, or <paramref name="noneAtAll"/> on the first page.</summary>
    public string Empty(string noneAtAll) => Page > 1 ? $"No more {Noun} on this page." : noneAtAll;

    /// <summary>
    /// The page asked for in the query string, as typed: anything that is not a whole number of 1 or more (empty,
    /// "abc", "-3") is the first page, and a page beyond <paramref name="maxPage"/> the last the API takes, shown empty.
    /// </summary>
    public static int Read(string? typed, int maxPage = MaxPage) =>
        int.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page >= 1 ? Math.Min(page, maxPage)
        : long.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var huge) && huge > 0 ? maxPage
        : 1;

    /// <summary>A filter's query part (<c>exchange=food</c>), empty when the filter is not set.</summary>
    public static string Query(string name, string? value) =>
        string.IsNullOrWhiteSpace(value) ? "" : $"{name}={Uri.EscapeDataString(value.Trim())}";
}
