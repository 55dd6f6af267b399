using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Tests.Export;

/// <summary><c>GET /api/ledger/export</c>: CSV and hledger journal over the postings of <see cref="ExportHost"/>.</summary>
public sealed class ExportTests(ExportHost host) : IClassFixture<ExportHost>
{
    private static readonly string[] Columns =
        ["exchange", "sequence", "posted_at", "transfer_id", "kind", "code", "debit_account", "credit_account", "amount", "amount_decimal", "memo", "order_reference", "hash"];

    private sealed record Row(
        string Exchange, long Sequence, DateTimeOffset PostedAt, Guid TransferId, string Kind, string Code,
        Guid Debit, Guid Credit, long Amount, string AmountDecimal, string Memo, string OrderReference, string Hash);

    [Fact]
    public async Task The_csv_has_one_row_per_journal_entry_in_exchange_and_sequence_order_and_each_exchange_sums_to_zero()
    {
        var response = await host.Admin.GetAsync("/api/ledger/export?format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.NotEqual(0xEF, bytes[0]); // no byte-order mark

        var rows = Parse(System.Text.Encoding.UTF8.GetString(bytes));

        var journal = await host.JournalAsync();
        Assert.Equal(journal.Count, rows.Count);
        Assert.Equal(
            journal.OrderBy(e => e.ExchangeId, StringComparer.Ordinal).ThenBy(e => e.Sequence).Select(e => (e.ExchangeId, e.Sequence, e.TransferId, Convert.ToHexStringLower(e.Hash))),
            rows.Select(r => (r.Exchange, r.Sequence, r.TransferId, r.Hash)));
        foreach (var exchange in rows.GroupBy(r => r.Exchange))
        {
            Assert.Equal(Enumerable.Range(1, exchange.Count()).Select(n => (long)n), exchange.Select(r => r.Sequence));
            var net = exchange.SelectMany(r => new[] { (r.Credit, r.Amount), (r.Debit, -r.Amount) }).GroupBy(x => x.Item1).Select(g => g.Sum(x => x.Item2));
            Assert.Equal(0, net.Sum());
        }

        Assert.Equal(["care", "food", "housing"], rows.Select(r => r.Exchange).Distinct());
        Assert.All(rows, r => Assert.True(r.Amount > 0));
        Assert.All(rows, r => Assert.Equal((r.Amount / 100m).ToString("0.00", CultureInfo.InvariantCulture), r.AmountDecimal));
        Assert.All(rows, r => Assert.Matches("^[0-9a-f]{64}$", r.Hash));
        Assert.DoesNotContain(rows, r => host.OpenHold.Contains(r.TransferId));
        Assert.Contains(rows, r => r.Kind == "PostPending");
        Assert.Contains(rows, r => r.Kind == "Reversal" && r.Code == "Reversal");
        Assert.Contains(rows, r => r.Code == "Fee");
        Assert.Contains(rows, r => r.Code == "Clearing" || r.Exchange == "care");
    }

    [Fact]
    public async Task Csv_memos_survive_commas_quotes_and_newlines_and_cells_that_could_be_formulas_start_with_a_quote()
    {
        var text = await host.ExportAsync("format=csv");
        var rows = Parse(text);

        var nasty = Assert.Single(rows, r => r.TransferId == host.NastyTrade);
        Assert.Equal("'" + ExportHost.NastyMemo, nasty.Memo);
        Assert.Equal(ExportHost.OrderReference, nasty.OrderReference);
        Assert.Contains(rows, r => r.Memo == "'+1 for the plumber");
        Assert.Contains(rows, r => r.Memo == "'@everyone: Äpfel – 5 €");
        Assert.Contains(rows, r => r.Kind == "Reversal" && r.Memo == "'" + ExportHost.ReversalMemo);
        Assert.Contains(rows, r => r.Memo == "cross-sector, care");
        Assert.All(rows, r => Assert.False(r.Memo.Length > 0 && r.Memo[0] is '=' or '+' or '-' or '@', r.Memo));
        // No cell of any record starts a formula, wherever it is.
        Assert.All(Rfc4180.Parse(text).SelectMany(r => r), cell => Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '@', cell));
    }

    [Fact]
    public async Task Csv_rows_match_every_members_statement()
    {
        var rows = Parse(await host.ExportAsync("format=csv"));

        foreach (var account in host.Members)
        {
            var statement = (await host.Admin.GetFromJsonAsync<AccountStatement.Statement>($"/api/ledger/accounts/{account}/statement?pageSize=500"))!;
            var mine = rows.Where(r => r.Debit == account || r.Credit == account).ToList();
            Assert.NotEmpty(mine);
            Assert.Equal(
                statement.Lines.Select(l => (l.Sequence, l.PostedAt, l.TransferId, l.Kind, l.Code, l.CounterpartyAccountId, l.Amount, Neutralised(l.Memo), l.OrderReference ?? "")),
                mine.Select(r => (r.Sequence, r.PostedAt, r.TransferId, r.Kind, r.Code, r.Credit == account ? r.Debit : r.Credit, r.Credit == account ? r.Amount : -r.Amount, r.Memo, r.OrderReference)));
            Assert.Equal(statement.ClosingBalance, mine.Sum(r => r.Credit == account ? r.Amount : -r.Amount));
        }
    }

    [Fact]
    public async Task The_hledger_journal_parses_every_transaction_balances_and_account_totals_equal_our_balances()
    {
        var response = await host.Admin.GetAsync("/api/ledger/export?format=hledger");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".journal", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var journal = JournalText.Parse(await response.Content.ReadAsStringAsync());

        var entries = await host.JournalAsync();
        Assert.Equal(entries.Count, journal.Transactions.Count);
        Assert.Equal(["CRD"], journal.Commodities);
        var csv = Parse(await host.ExportAsync("format=csv"));
        Assert.Equal(csv.Select(r => (r.TransferId.ToString(), r.Exchange, r.Sequence.ToString(CultureInfo.InvariantCulture), r.Kind)),
            journal.Transactions.Select(t => (t.Tags["transfer"], t.Tags["exchange"], t.Tags["seq"], t.Tags["kind"])));
        foreach (var (t, row) in journal.Transactions.Zip(csv))
        {
            Assert.Equal(2, t.Postings.Count);
            Assert.Equal(0m, t.Postings.Sum(p => p.Amount));
            Assert.Equal(row.Amount / 100m, t.Postings[0].Amount);
            Assert.All(t.Postings, p => Assert.Contains(p.Account, journal.Accounts));
            Assert.All(t.Postings, p => Assert.Equal("CRD", p.Commodity));
            Assert.Equal(row.PostedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), t.Date);
            Assert.StartsWith(row.Code, t.Description, StringComparison.Ordinal);
            Assert.DoesNotContain("  ", t.Description, StringComparison.Ordinal);
        }

        var nasty = Assert.Single(journal.Transactions, t => t.Tags["transfer"] == host.NastyTrade.ToString());
        Assert.Equal("Trade - =HYPERLINK(\"http://evil.example\",\"click\"), \"quoted\", semi second line , transfer:evil, seq:99", nasty.Description);
        Assert.Equal("PO-7 line 2", nasty.Tags["order"]);
        Assert.Contains(journal.Transactions, t => t.Description == "Reversal - -wrong amount sorry" && t.Tags["kind"] == "Reversal");

        var accounts = await host.AccountsAsync();
        var totals = journal.Totals();
        var names = accounts.ToDictionary(NameOf, a => a);
        Assert.All(totals.Keys, name => Assert.Contains(name, names.Keys));
        Assert.All(accounts, a => Assert.Equal(a.Balance, (long)(totals.GetValueOrDefault(NameOf(a)) * 100)));
        Assert.Equal(accounts.Select(NameOf).Order(StringComparer.Ordinal), journal.Accounts.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Hledger_reads_the_journal_strictly_its_balance_report_equals_ours_and_it_sees_every_transfer_tag()
    {
        var hledger = AccountingTools.RequireHledger();
        var accounts = await host.AccountsAsync();
        var rows = Parse(await host.ExportAsync("format=csv"));

        foreach (var exchange in new string?[] { null, "housing" })
        {
            var file = await SaveAsync(exchange is null ? "format=hledger" : "format=hledger&exchange=" + exchange);
            try
            {
                var output = await AccountingTools.RunAsync(hledger, "-f", file, "--strict", "balance", "--flat", "--no-total");
                Assert.Equal(Expected(accounts, exchange), JournalText.ParseBalanceReport(output, "CRD").OrderBy(kv => kv.Key, StringComparer.Ordinal));
                var transfers = await AccountingTools.RunAsync(hledger, "-f", file, "tags", "^transfer$", "--values");
                Assert.Equal(
                    rows.Where(r => exchange is null || r.Exchange == exchange).Select(r => r.TransferId.ToString()).Order(StringComparer.Ordinal),
                    transfers.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
            }
            finally
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task Ledger_cli_reads_the_journal_pedantically_its_balance_report_equals_ours_and_it_sees_the_tags()
    {
        var ledger = AccountingTools.RequireLedgerCli();
        var accounts = await host.AccountsAsync();
        var rows = Parse(await host.ExportAsync("format=csv"));

        foreach (var exchange in new string?[] { null, "food" })
        {
            var file = await SaveAsync(exchange is null ? "format=hledger" : "format=hledger&exchange=" + exchange);
            try
            {
                var output = await AccountingTools.RunAsync(ledger, "--args-only", "--pedantic", "-f", file, "balance", "--flat", "--no-total");
                Assert.Equal(Expected(accounts, exchange), JournalText.ParseBalanceReport(output, "CRD").OrderBy(kv => kv.Key, StringComparer.Ordinal));
                var tags = await AccountingTools.RunAsync(ledger, "--args-only", "-f", file, "register", "--format", "%(tag(\"transfer\"))|%(tag(\"exchange\"))|%(tag(\"seq\"))\n");
                Assert.Equal(
                    rows.Where(r => exchange is null || r.Exchange == exchange).Select(r => $"{r.TransferId}|{r.Exchange}|{r.Sequence}"),
                    tags.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct());
            }
            finally
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task The_exchange_and_period_filters_select_entries()
    {
        var care = Parse(await host.ExportAsync("format=csv&exchange=care"));
        Assert.Equal((await host.JournalAsync("care")).Count, care.Count);
        Assert.All(care, r => Assert.Equal("care", r.Exchange));

        var all = Parse(await host.ExportAsync("format=csv"));
        Assert.Equal(all, Parse(await host.ExportAsync($"format=csv&from={Q(host.StartedAt)}&to={Q(DateTimeOffset.UtcNow.AddMinutes(5))}")));
        Assert.Empty(Parse(await host.ExportAsync($"format=csv&from={Q(DateTimeOffset.UtcNow.AddDays(1))}")));
        Assert.Empty(Parse(await host.ExportAsync($"format=CSV&to={Q(host.StartedAt)}")));
        var cut = all[all.Count / 2].PostedAt;
        Assert.Equal(all.Where(r => r.PostedAt >= cut), Parse(await host.ExportAsync($"format=csv&from={Q(cut)}")));

        var housing = JournalText.Parse(await host.ExportAsync("format=hledger&exchange=housing"));
        Assert.All(housing.Accounts, a => Assert.StartsWith("housing:", a, StringComparison.Ordinal));
        Assert.Equal((await host.JournalAsync("housing")).Count, housing.Transactions.Count);
        var empty = await host.ExportAsync($"format=hledger&from={Q(DateTimeOffset.UtcNow.AddDays(1))}");
        Assert.Empty(JournalText.Parse(empty).Transactions);
        Assert.Contains("not balances", empty, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("format=xml")]
    [InlineData("")]
    [InlineData("format=csv&exchange=services")]
    [InlineData("format=csv&from=2026-03-02&to=2026-03-01")]
    public async Task Bad_parameters_are_400_problem_details(string query)
    {
        var response = await host.Admin.GetAsync("/api/ledger/export?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").EnumerateObject().Any());
    }

    [Fact]
    public async Task Only_administrators_export()
    {
        var (member, _) = await host.SignInAsNewUserAsync(Roles.Member);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/api/ledger/export?format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/api/ledger/export?format=hledger")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Factory.CreateClient().GetAsync("/api/ledger/export?format=csv")).StatusCode);
    }

    private static List<Row> Parse(string csv)
    {
        var records = Rfc4180.Parse(csv);
        Assert.Equal(Columns, records[0]);
        Assert.All(records, r => Assert.Equal(Columns.Length, r.Length));
        return records.Skip(1).Select(f => new Row(
            f[0], long.Parse(f[1], CultureInfo.InvariantCulture),
            DateTimeOffset.ParseExact(f[2], "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            Guid.Parse(f[3]), f[4], f[5], Guid.Parse(f[6]), Guid.Parse(f[7]), long.Parse(f[8], CultureInfo.InvariantCulture), f[9], f[10], f[11], f[12])).ToList();
    }

    private static string Neutralised(string memo) => memo.Length > 0 && memo[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + memo : memo;

    private static string Q(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture));

    /// <summary>The journal name the export gives an account (system accounts by role, members by id).</summary>
    private static string NameOf(AccountDto a) =>
        a.Kind == "Member" ? $"{a.ExchangeId}:member:{a.Id}" : $"{a.ExchangeId}:{a.Kind.ToLowerInvariant()}";

    /// <summary>Our non-zero balances as a balance report shows them (zero balances are left out).</summary>
    private static IEnumerable<KeyValuePair<string, decimal>> Expected(List<AccountDto> accounts, string? exchange) =>
        accounts.Where(a => a.Balance != 0 && (exchange is null || a.ExchangeId == exchange))
            .Select(a => KeyValuePair.Create(NameOf(a), a.Balance / 100m))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal);

    private async Task<string> SaveAsync(string query)
    {
        var file = Path.Combine(Path.GetTempPath(), $"sm-export-{Guid.NewGuid():N}.journal");
        await File.WriteAllTextAsync(file, await host.ExportAsync(query));
        return file;
    }
}
