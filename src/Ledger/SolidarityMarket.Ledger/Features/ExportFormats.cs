using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// The text of the two export formats of <see cref="ExportLedger"/>, one journal entry at a time.
/// <para>
/// <b>CSV</b> (RFC 4180): a header row, CRLF line ends, invariant culture, UTF-8 without a byte-order mark. A field
/// holding a comma, a double quote, CR or LF is quoted, with inner quotes doubled. Against formula injection in
/// spreadsheets, a text field (exchange, memo, order reference) that starts with <c>=</c>, <c>+</c>, <c>-</c>,
/// <c>@</c>, a tab or CR gets a leading single quote (<c>'=SUM(A1)</c>): the exported text then differs from the
/// stored memo by that quote. Amounts are positive hundredths (<c>amount</c>) and the same as a decimal with two
/// places (<c>amount_decimal</c>).
/// </para>
/// <para>
/// <b>hledger journal</b>, also read by ledger-cli: one cleared transaction per journal entry, dated with the UTC
/// date it was posted, whose description is the code and the memo; the tags <c>transfer</c>, <c>exchange</c>,
/// <c>seq</c>, <c>kind</c> and <c>order</c> (when there is one), one per comment line as <c>; name: value</c> — the
/// one form both tools read (ledger-cli takes a tag's value to the end of the line and needs the space after the
/// colon, hledger ends a value at a comma); and two postings that balance exactly: the credited account <c>+amount</c>, the debited account <c>-amount</c>. So an
/// account's total in <c>hledger balance</c> / <c>ledger balance</c> is its balance here (credits minus debits).
/// Accounts are <c>&lt;exchange&gt;:member:&lt;id&gt;</c>, <c>&lt;exchange&gt;:operating</c>, <c>:clearing</c>,
/// <c>:reserve</c>; the commodity is the exchange's unit (<c>CRD</c> for credits), declared with a
/// <c>commodity</c>/<c>format</c> directive both tools understand, so both show two decimals. Commodity, tags and
/// accounts are all declared, so <c>hledger --strict</c> and <c>ledger --pedantic</c> accept the file.
/// </para>
/// </summary>
public static class ExportFormats
{
    public const string CsvHeader =
        "exchange,sequence,posted_at,transfer_id,kind,code,debit_account,credit_account,amount,amount_decimal,memo,order_reference,hash\r\n";

    /// <summary>The commodity of credits; other units become their ASCII letters, upper-cased (at most 12).</summary>
    public const string CreditsCommodity = "CRD";

    /// <summary>The tags of the journal: four or five on each transaction, <c>name</c> on account declarations.</summary>
    public static readonly IReadOnlyList<string> Tags = ["transfer", "exchange", "seq", "kind", "order", "name"];

    public static string CsvRow(JournalEntryRecord e) => string.Join(',',
        CsvText(e.ExchangeId),
        e.Sequence.ToString(CultureInfo.InvariantCulture),
        Timestamp(e.PostedAt),
        e.TransferId.ToString("D"),
        e.Kind.ToString(),
        e.Code.ToString(),
        e.DebitAccountId.ToString("D"),
        e.CreditAccountId.ToString("D"),
        e.Amount.ToString(CultureInfo.InvariantCulture),
        Hundredths(e.Amount),
        CsvText(e.Memo),
        CsvText(e.OrderReference ?? ""),
        Convert.ToHexStringLower(e.Hash)) + "\r\n";

    /// <summary>A text cell: neutralised against formula injection, then quoted when RFC 4180 needs it.</summary>
    public static string CsvText(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>ISO 8601 in UTC to the microsecond, the precision the ledger keeps.</summary>
    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Hundredths as a decimal with exactly two places, e.g. 1234 → <c>12.34</c>, -5 → <c>-0.05</c>.</summary>
    public static string Hundredths(decimal hundredths) =>
        (hundredths / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The hledger/ledger-cli commodity symbol for an exchange's unit: letters only, so it needs no quotes.</summary>
    public static string Commodity(string unit)
    {
        var letters = new string(unit.Where(char.IsAsciiLetter).Select(char.ToUpperInvariant).Take(12).ToArray());
        return letters is "" or "CREDITS" or "CREDIT" ? CreditsCommodity : letters;
    }

    /// <summary>
    /// An exchange id as an account-name segment: kept when it is plain (letters, digits, <c>-</c>, <c>_</c>, not
    /// starting with a symbol), otherwise reduced to those characters plus a short hash of the original, so two
    /// exchanges never share a name and nothing in it can end the name (two spaces), split it (<c>:</c>) or make
    /// the posting virtual in ledger-cli (<c>(</c>, <c>[</c>).
    /// </summary>
    public static string Segment(string exchangeId)
    {
        static bool Plain(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
        if (exchangeId.Length > 0 && char.IsAsciiLetterOrDigit(exchangeId[0]) && exchangeId.All(Plain))
        {
            return exchangeId;
        }

        var kept = new string(exchangeId.Select(c => Plain(c) ? c : '_').ToArray()).Trim('_', '-');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(exchangeId)))[..8];
        return kept.Length > 0 ? $"{kept}-{hash}" : "x" + hash;
    }

    /// <summary>The journal account name of an account: its exchange, then its role (and id for members).</summary>
    public static string AccountName(Account account, Exchange? exchange)
    {
        var prefix = Segment(account.ExchangeId);
        if (exchange is not null)
        {
            if (account.Id == exchange.OperatingAccountId)
            {
                return prefix + ":operating";
            }

            if (account.Id == exchange.ClearingAccountId)
            {
                return prefix + ":clearing";
            }

            if (account.Id == exchange.ReserveAccountId)
            {
                return prefix + ":reserve";
            }
        }

        return $"{prefix}:{account.Kind.ToString().ToLowerInvariant()}:{account.Id:D}";
    }

    /// <summary>The name of an account id that is not in the ledger (only a damaged journal has one).</summary>
    public static string UnknownAccountName(string exchangeId, Guid accountId) => $"{Segment(exchangeId)}:unknown:{accountId:D}";

    /// <summary>
    /// Free text made safe for one line of a journal: control characters and line or paragraph separators become
    /// spaces, runs of white space become one space (two spaces would start a note in ledger-cli), and <c>;</c>
    /// becomes <c>,</c> (hledger ends a description at <c>;</c>, the start of a comment).
    /// </summary>
    public static string OneLine(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c == ';' ? ',' : c);
        }

        return sb.ToString();
    }

    /// <summary>
    /// A tag value: one line, and no comma: a comma ends an hledger tag value, and what follows it is read as more
    /// tags ("Acme, Inc. note: y" is name "Acme" plus a tag "Inc. note"... ). The semicolon goes too, as
    /// <see cref="OneLine"/> would turn it into a comma. A colon without a comma before it stays part of the value
    /// (checked with hledger 1.25 and ledger 3).
    /// </summary>
    public static string TagValue(string text) => OneLine(text.Replace(',', ' ').Replace(';', ' '));

    /// <summary>The journal's opening comment, commodity and account declarations.</summary>
    public static string JournalPreamble(
        DateTimeOffset exportedAt, string? exchange, DateTimeOffset? from, DateTimeOffset? to,
        IEnumerable<string> commodities, IEnumerable<(string Name, string Title)> accounts)
    {
        var sb = new StringBuilder();
        sb.Append("; SolidarityMarket barter ledger export, ").Append(Timestamp(exportedAt)).Append('\n');
        sb.Append("; exchange: ").Append(exchange is null ? "all" : OneLine(exchange)).Append('\n');
        if (from is not null || to is not null)
        {
            sb.Append("; only entries posted from ").Append(from is { } f ? Timestamp(f) : "the start")
                .Append(" to before ").Append(to is { } t ? Timestamp(t) : "the end")
                .Append(": account totals are movements in that period, not balances\n");
        }

        sb.Append("; one transaction per journal entry, dated in UTC; the credited account +amount, the debited -amount\n\n");
        foreach (var commodity in commodities.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            sb.Append("commodity ").Append(commodity).Append('\n')
                .Append("    format 1,000.00 ").Append(commodity).Append("\n\n");
        }

        // Declared so that `ledger --pedantic` accepts them (hledger reads and ignores the directive).
        foreach (var tag in Tags)
        {
            sb.Append("tag ").Append(tag).Append('\n');
        }

        sb.Append('\n');
        foreach (var (name, title) in accounts.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            sb.Append("account ").Append(name).Append('\n');
            var safe = TagValue(title);
            if (safe.Length > 0)
            {
                sb.Append("    ; name: ").Append(safe).Append('\n');
            }
        }

        return sb.Append('\n').ToString();
    }

    /// <summary>One balanced transaction for one journal entry.</summary>
    public static string JournalTransaction(JournalEntryRecord e, string debitAccount, string creditAccount, string commodity)
    {
        var memo = OneLine(e.Memo);
        var sb = new StringBuilder(256);
        sb.Append(e.PostedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Append(" * ").Append(e.Code.ToString());
        if (memo.Length > 0)
        {
            sb.Append(" - ").Append(memo);
        }

        sb.Append("\n    ; transfer: ").Append(e.TransferId.ToString("D"))
            .Append("\n    ; exchange: ").Append(TagValue(e.ExchangeId))
            .Append("\n    ; seq: ").Append(e.Sequence.ToString(CultureInfo.InvariantCulture))
            .Append("\n    ; kind: ").Append(e.Kind.ToString());
        if (!string.IsNullOrEmpty(e.OrderReference) && TagValue(e.OrderReference) is { Length: > 0 } order)
        {
            sb.Append("\n    ; order: ").Append(order);
        }

        sb.Append("\n    ").Append(creditAccount).Append("  ").Append(Hundredths(e.Amount)).Append(' ').Append(commodity)
            .Append("\n    ").Append(debitAccount).Append("  ").Append(Hundredths(-(decimal)e.Amount)).Append(' ').Append(commodity)
            .Append("\n\n");
        return sb.ToString();
    }
}
