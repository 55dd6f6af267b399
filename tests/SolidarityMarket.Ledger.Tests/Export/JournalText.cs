using System.Globalization;
using System.Text.RegularExpressions;

namespace SolidarityMarket.Ledger.Tests.Export;

/// <summary>One parsed posting: account name, amount, commodity.</summary>
public sealed record JournalPosting(string Account, decimal Amount, string Commodity);

/// <summary>One parsed transaction with its tags (<c>name:value</c> pairs of its comment line).</summary>
public sealed record JournalTransaction(int Line, string Date, string Description, IReadOnlyDictionary<string, string> Tags, IReadOnlyList<JournalPosting> Postings);

/// <summary>
/// A parser for the subset of the hledger journal format that the export writes, strict enough to catch what
/// would make hledger or ledger-cli read something else: top-level <c>;</c> comments, <c>commodity</c> with an
/// indented <c>format</c>, <c>account</c> with an indented comment, and transactions <c>DATE * DESCRIPTION</c> with
/// indented tag comments (<c>; name: value</c>, one per line, no comma in the value) and postings <c>ACCOUNT␣␣AMOUNT COMMODITY</c>. Transactions are separated by blank lines.
/// </summary>
public static partial class JournalText
{
    public sealed record Journal(IReadOnlySet<string> Commodities, IReadOnlySet<string> Accounts, IReadOnlyList<JournalTransaction> Transactions)
    {
        /// <summary>Per account, the sum of its postings (what <c>balance</c> reports).</summary>
        public Dictionary<string, decimal> Totals() => Transactions.SelectMany(t => t.Postings)
            .GroupBy(p => p.Account, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Amount), StringComparer.Ordinal);
    }

    public static Journal Parse(string text)
    {
        Assert.DoesNotContain('\r', text);
        Assert.DoesNotContain('\t', text);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var commodities = new HashSet<string>(StringComparer.Ordinal);
        var accounts = new HashSet<string>(StringComparer.Ordinal);
        var transactions = new List<JournalTransaction>();
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            if (line.Length == 0 || line.StartsWith(';'))
            {
                continue;
            }

            if (CommodityLine().Match(line) is { Success: true } commodity)
            {
                var symbol = commodity.Groups[1].Value;
                Assert.True(commodities.Add(symbol), $"line {n + 1}: commodity {symbol} declared twice");
                Assert.Equal($"    format 1,000.00 {symbol}", lines[++n]);
                continue;
            }

            if (line.StartsWith("tag ", StringComparison.Ordinal))
            {
                Assert.Matches("^tag [a-z]+$", line);
                continue;
            }

            if (AccountLine().Match(line) is { Success: true } account)
            {
                Assert.True(accounts.Add(account.Groups[1].Value), $"line {n + 1}: account declared twice");
                while (n + 1 < lines.Length && lines[n + 1].StartsWith("    ; name: ", StringComparison.Ordinal))
                {
                    n++;
                }

                continue;
            }

            var header = HeaderLine().Match(line);
            Assert.True(header.Success, $"line {n + 1} is neither a directive nor a transaction: {line}");
            var start = n;
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            while (n + 1 < lines.Length && TagLine().Match(lines[n + 1]) is { Success: true } tag)
            {
                Assert.True(tags.TryAdd(tag.Groups[1].Value, tag.Groups[2].Value), $"line {n + 2}: tag repeated");
                n++;
            }

            var postings = new List<JournalPosting>();
            while (n + 1 < lines.Length && lines[n + 1].Length > 0)
            {
                var posting = PostingLine().Match(lines[++n]);
                Assert.True(posting.Success, $"line {n + 1} is not a posting: {lines[n]}");
                postings.Add(new JournalPosting(posting.Groups[1].Value, decimal.Parse(posting.Groups[2].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture), posting.Groups[3].Value));
            }

            transactions.Add(new JournalTransaction(start + 1, header.Groups[1].Value, header.Groups[2].Value, tags, postings));
        }

        return new Journal(commodities, accounts, transactions);
    }

    /// <summary>Parses a plain-text <c>balance --flat --no-total</c> report of hledger or ledger-cli.</summary>
    public static Dictionary<string, decimal> ParseBalanceReport(string output, string commodity)
    {
        var totals = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var m = ReportLine().Match(line);
            Assert.True(m.Success, $"unexpected balance report line: {line}\n{output}");
            Assert.Equal(commodity, m.Groups[2].Value);
            totals.Add(m.Groups[3].Value, decimal.Parse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
        }

        return totals;
    }

    [GeneratedRegex(@"^commodity ([A-Z]+)$")]
    private static partial Regex CommodityLine();

    [GeneratedRegex(@"^account (\S+)$")]
    private static partial Regex AccountLine();

    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2}) \* ([^;\s](?:[^;\n]*[^;\s])?)$")]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"^    ; ([a-z]+): ([^\s,](?:[^,\n]*[^\s,])?)$")]
    private static partial Regex TagLine();

    [GeneratedRegex(@"^    ([^\s;()\[\]][^\s]*)  (-?\d+\.\d{2}) ([A-Z]+)$")]
    private static partial Regex PostingLine();

    [GeneratedRegex(@"^(-?[\d,]+\.\d{2}) ([A-Z]+)  (\S+)$")]
    private static partial Regex ReportLine();
}
