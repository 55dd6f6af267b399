using System.Buffers;
using System.Text;

namespace SolidarityMarket.ServiceDefaults.Web;

/// <summary>
/// Text a request may store: every provider must keep it unchanged. PostgreSQL refuses NUL (error 22021, a 500 if
/// not caught first), and UTF-8 cannot encode half of a surrogate pair; other control characters (except tab and
/// line breaks) have no place in names, titles or notes and would only hide text from the people reading it.
/// </summary>
public static class StorableText
{
    public static bool IsStorable(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var needsPairCheck = false;
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\t' or '\r' or '\n'))
            {
                return false;
            }

            needsPairCheck |= char.IsSurrogate(c);
        }

        return !needsPairCheck || IsWellFormedUtf16(text);
    }

    private static bool IsWellFormedUtf16(string text)
    {
        var remaining = text.AsSpan();
        while (!remaining.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(remaining, out _, out var consumed) != OperationStatus.Done)
            {
                return false;
            }

            remaining = remaining[consumed..];
        }

        return true;
    }
}
