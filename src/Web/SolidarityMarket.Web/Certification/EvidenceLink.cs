namespace SolidarityMarket.Web.Certification;

/// <summary>
/// A link of a self-assessment as a page may offer it: only an absolute http(s) address becomes a link; anything else
/// (a <c>javascript:</c> or <c>data:</c> address the Catalog should never have stored) is shown as text.
/// </summary>
public static class EvidenceLink
{
    public static Uri? Http(string? link) =>
        Uri.TryCreate(link?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0 ? uri : null;
}
