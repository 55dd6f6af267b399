using System.Text;

namespace SolidarityMarket.Ledger.Tests.Export;

/// <summary>
/// A strict RFC 4180 reader for checking the export: records end with CRLF (the last one too), a field is either
/// plain (no comma, quote, CR or LF) or wholly quoted with inner quotes doubled. Anything else throws.
/// </summary>
public static class Rfc4180
{
    public static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException("A quoted field is not closed.");
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }
            }
            else
            {
                while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    if (text[i] == '"')
                    {
                        throw new FormatException($"A quote inside an unquoted field at {i}.");
                    }

                    field.Append(text[i++]);
                }
            }

            fields.Add(field.ToString());
            field.Clear();
            if (i < text.Length && text[i] == ',')
            {
                i++;
                continue;
            }

            if (i + 1 < text.Length && text[i] == '\r' && text[i + 1] == '\n')
            {
                i += 2;
                records.Add([.. fields]);
                fields.Clear();
                continue;
            }

            throw new FormatException(i >= text.Length ? "The last record does not end with CRLF." : $"Unexpected character {(int)text[i]} at {i}.");
        }

        return records;
    }
}
