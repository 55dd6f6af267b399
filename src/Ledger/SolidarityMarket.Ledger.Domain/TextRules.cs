using System.Text;

namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// Text the ledger accepts must survive a round trip through any database and through UTF-8 unchanged,
/// or the journal's hashes would not verify after reloading: no NUL (PostgreSQL rejects it) and no broken
/// UTF-16 surrogate pairs (UTF-8 cannot represent them).
/// </summary>
internal static class TextRules
{
    public static bool IsStorable(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        // Fast path: plain text without surrogates is always valid.
        foreach (var c in text)
        {
            if (char.IsSurrogate(c))
            {
                return IsWellFormed(text);
            }
        }

        return true;
    }

    private static bool IsWellFormed(string text)
    {
        var remaining = text.AsSpan();
        while (!remaining.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(remaining, out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            remaining = remaining[consumed..];
        }

        return true;
    }
}
