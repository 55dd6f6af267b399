using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Features;

namespace SolidarityMarket.Ledger.Tests.Export;

/// <summary>The text rules of the export formats, without a host.</summary>
public sealed class ExportFormatsTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+31 6", "'+31 6")]
    [InlineData("-5", "'-5")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("=HYPERLINK(\"u\",\"c\")", "\"'=HYPERLINK(\"\"u\"\",\"\"c\"\")\"")]
    [InlineData("a=b", "a=b")]
    public void Csv_text_cells_are_quoted_and_neutralised(string value, string cell) =>
        Assert.Equal(cell, ExportFormats.CsvText(value));

    [Theory]
    [InlineData("apples", "apples")]
    [InlineData("  a \r\n b\tc  ", "a b c")]
    [InlineData("x; y  ; z:1", "x, y , z:1")]
    [InlineData("line\u2028sep\u2029para\u0085nel", "line sep para nel")]
    [InlineData("Äpfel – 5 €", "Äpfel – 5 €")]
    public void One_line_text_has_no_line_breaks_double_spaces_or_semicolons(string text, string expected) =>
        Assert.Equal(expected, ExportFormats.OneLine(text));

    [Fact]
    public void Account_titles_and_order_references_keep_whole_in_their_tags()
    {
        var entry = new JournalEntryRecord
        {
            ExchangeId = "food", Sequence = 1, TransferId = Guid.NewGuid(), Kind = TransferKind.Direct, Code = TransferCode.Trade,
            DebitAccountId = Guid.NewGuid(), CreditAccountId = Guid.NewGuid(), Amount = 100, PostedAt = DateTimeOffset.UnixEpoch,
            Memo = "m", OrderReference = "PO 7; rush, x note: y", Hash = new byte[32],
        };

        var preamble = ExportFormats.JournalPreamble(DateTimeOffset.UnixEpoch, null, null, null, ["CRD"],
            [("food:member:a", "Acme, Inc. x note: y"), ("food:member:b", "Semi; colon")]);
        var transaction = ExportFormats.JournalTransaction(entry, "food:member:a", "food:member:b", "CRD");

        // hledger ends a tag value at a comma and reads on for more tags: "Acme, Inc. x note: y" was the name "Acme"
        // and a tag "note". A colon with no comma before it stays inside the value.
        Assert.Contains("account food:member:a\n    ; name: Acme Inc. x note: y\n", preamble, StringComparison.Ordinal);
        Assert.Contains("account food:member:b\n    ; name: Semi colon\n", preamble, StringComparison.Ordinal);
        Assert.Contains("\n    ; order: PO 7 rush x note: y\n", transaction, StringComparison.Ordinal);
        var tagLines = (preamble + transaction).Split('\n').Where(l => l.StartsWith("    ; ", StringComparison.Ordinal)).ToList();
        Assert.All(tagLines, l => Assert.DoesNotContain(',', l));
    }

    [Fact]
    public void Exchange_ids_become_safe_distinct_account_segments()
    {
        Assert.Equal("food", ExportFormats.Segment("food"));
        Assert.Equal("Food_2-x", ExportFormats.Segment("Food_2-x"));
        var odd = new[] { "food market", "food:market", "(food)", "[food]", "food;market", "fo  od", "-food", "é", "food\nmarket" };
        var segments = odd.Select(ExportFormats.Segment).ToList();
        Assert.All(segments, s => Assert.Matches("^[A-Za-z0-9][A-Za-z0-9_-]*$", s));
        Assert.Equal(odd.Length, segments.Distinct().Count());
    }

    [Theory]
    [InlineData("credits", "CRD")]
    [InlineData("", "CRD")]
    [InlineData("hours", "HOURS")]
    [InlineData("time bank hours 2", "TIMEBANKHOUR")]
    public void Commodities_are_letters_only(string unit, string commodity) =>
        Assert.Equal(commodity, ExportFormats.Commodity(unit));

    [Fact]
    public void A_transaction_balances_exactly_at_any_amount()
    {
        foreach (var amount in new[] { 1L, 99L, 100L, 12_345L, long.MaxValue })
        {
            var entry = new JournalEntryRecord
            {
                ExchangeId = "food", Sequence = 7, TransferId = Guid.NewGuid(), Kind = TransferKind.Direct, Code = TransferCode.Trade,
                DebitAccountId = Guid.NewGuid(), CreditAccountId = Guid.NewGuid(), Amount = amount, PostedAt = DateTimeOffset.UnixEpoch,
                Memo = "m", OrderReference = "PO, 1", Hash = new byte[32],
            };

            var text = ExportFormats.JournalPreamble(DateTimeOffset.UnixEpoch, null, null, null, ["CRD"], [("food:member:a", "A"), ("food:member:b", "B")])
                + ExportFormats.JournalTransaction(entry, "food:member:a", "food:member:b", "CRD");

            var t = Assert.Single(JournalText.Parse(text).Transactions);
            Assert.Equal("1970-01-01", t.Date);
            Assert.Equal("Trade - m", t.Description);
            Assert.Equal(("7", "food", "Direct", "PO 1"), (t.Tags["seq"], t.Tags["exchange"], t.Tags["kind"], t.Tags["order"]));
            Assert.Equal(amount / 100m, t.Postings[0].Amount);
            Assert.Equal(("food:member:b", "food:member:a"), (t.Postings[0].Account, t.Postings[1].Account));
            Assert.Equal(0m, t.Postings.Sum(p => p.Amount));
            Assert.Equal(amount / 100m, decimal.Parse(ExportFormats.Hundredths(amount), System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
