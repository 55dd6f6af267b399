using System.Text.RegularExpressions;

namespace SolidarityMarket.Catalog.Search;

/// <summary>
/// The words of a search text: runs of letters and digits, lower-cased, at most <see cref="MaxWords"/>. Every word
/// must match (AND). Reducing the text to words first means no user input ever reaches FTS5's or tsquery's query
/// syntax (quotes, NEAR, column filters, operators), so a query can never be a syntax error, and all providers
/// mean the same thing by it.
/// </summary>
public static partial class SearchWords
{
    public const int MaxWords = 8;

    public const int MaxTextLength = 200;

    public static IReadOnlyList<string> Of(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : Word().Matches(text).Select(m => m.Value.ToLowerInvariant()).Distinct().Take(MaxWords).ToList();

    /// <summary>FTS5 query: each word as a quoted string (a phrase of one token), space-separated = all must match.</summary>
    public static string ToFts5(IReadOnlyList<string> words) => string.Join(' ', words.Select(w => $"\"{w}\""));

    /// <summary>
    /// Text for PostgreSQL's <c>plainto_tsquery</c>, which ANDs every word and has no operators. Not
    /// <c>websearch_to_tsquery</c>: it reads a bare <c>or</c> as OR, so "tea or coffee" found either.
    /// </summary>
    public static string ToPlainQuery(IReadOnlyList<string> words) => string.Join(' ', words);

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
