using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.Ledger.Tests.Api;

namespace SolidarityMarket.Ledger.Tests.Export;

/// <summary>
/// The <see cref="FeeLedgerHost"/> (three exchanges: food charges 100 bp, housing 150 bp, care nothing) with a fixed
/// set of postings made through the API, read (never changed) by the export tests: trades with fees, cross-sector
/// trades both ways, a posted hold, a hold left open (no entry), a reversal, an order reference with a comma, and
/// memos built to break CSV and journal text.
/// </summary>
public sealed class ExportHost : FeeLedgerHost
{
    /// <summary>Commas, quotes, CR/LF, a leading <c>=</c>, and a fake tag comment after a <c>;</c>.</summary>
    public const string NastyMemo = "=HYPERLINK(\"http://evil.example\",\"click\"), \"quoted\"; semi\r\nsecond line\n  ; transfer:evil, seq:99";

    public const string OrderReference = "PO-7, line 2";

    /// <summary>A leading <c>-</c> and a tab.</summary>
    public const string ReversalMemo = "-wrong amount\tsorry";

    public DateTimeOffset StartedAt { get; private set; }

    public Guid FoodA { get; private set; }

    public Guid FoodB { get; private set; }

    public Guid CareC { get; private set; }

    public Guid HousingD { get; private set; }

    public Guid HousingE { get; private set; }

    /// <summary>The nasty-memo trade (food, with a fee and an order reference).</summary>
    public Guid NastyTrade { get; private set; }

    /// <summary>Every transfer of the hold left open: none of them may appear in an export.</summary>
    public IReadOnlyList<Guid> OpenHold { get; private set; } = [];

    public IReadOnlyList<Guid> Members => [FoodA, FoodB, CareC, HousingD, HousingE];

    public override async ValueTask InitializeAsync()
    {
        StartedAt = DateTimeOffset.UtcNow.AddSeconds(-1);
        await base.InitializeAsync();

        FoodA = await OpenAsync("food", "Food co-op A; \"the best\"\nbakery");
        FoodB = await OpenAsync("food", "Food co-op B");
        CareC = await OpenAsync("care", "Care circle C");
        HousingD = await OpenAsync("housing", "Housing D");
        HousingE = await OpenAsync("housing", "Housing E");

        NastyTrade = Guid.NewGuid();
        await PayAsync(new { id = NastyTrade, debitAccountId = FoodA, creditAccountId = FoodB, amount = 12_345, memo = NastyMemo, orderReference = OrderReference });
        await PayAsync(new { id = Guid.NewGuid(), debitAccountId = FoodB, creditAccountId = CareC, amount = 5_000, memo = "cross-sector, care" });
        var housing = Guid.NewGuid();
        await PayAsync(new { id = housing, debitAccountId = HousingD, creditAccountId = HousingE, amount = 9_999, memo = "+1 for the plumber" });
        await PayAsync(new { id = Guid.NewGuid(), debitAccountId = CareC, creditAccountId = FoodA, amount = 2_000, memo = "@everyone: Äpfel – 5 €" });

        var open = await PayAsync(new { id = Guid.NewGuid(), debitAccountId = FoodA, creditAccountId = FoodB, amount = 700, memo = "held, never posted", hold = true });
        OpenHold = open.Transfers.Select(t => t.Id).ToList();
        var posted = Guid.NewGuid();
        await PayAsync(new { id = posted, debitAccountId = FoodB, creditAccountId = FoodA, amount = 300, memo = "-5 apples, held then posted", hold = true });
        var post = await Admin.PostAsJsonAsync($"/api/ledger/transfers/{posted}/post", new { amount = (long?)null });
        Assert.True(post.IsSuccessStatusCode, await post.Content.ReadAsStringAsync());
        var reverse = await Admin.PostAsJsonAsync($"/api/ledger/transfers/{housing}/reverse", new { memo = ReversalMemo });
        Assert.True(reverse.IsSuccessStatusCode, await reverse.Content.ReadAsStringAsync());
    }

    /// <summary>The posted journal entries straight from the database, optionally of one exchange.</summary>
    public Task<List<JournalEntryRecord>> JournalAsync(string? exchange = null) =>
        WithDbAsync(db => db.Journal.AsNoTracking().Where(e => exchange == null || e.ExchangeId == exchange).ToListAsync());

    public async Task<List<AccountDto>> AccountsAsync() => (await Admin.GetFromJsonAsync<List<AccountDto>>("/api/ledger/accounts"))!;

    public async Task<string> ExportAsync(string query)
    {
        var response = await Admin.GetAsync("/api/ledger/export?" + query);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"export {query}: {(int)response.StatusCode} {text}");
        return text;
    }

    private async Task<Guid> OpenAsync(string exchange, string name)
    {
        var response = await Admin.PostAsJsonAsync("/api/ledger/accounts", new { exchangeId = exchange, ownerId = Guid.NewGuid(), name, category = "SolidarityEconomyInitiative" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AccountDto>())!.Id;
    }

    private async Task<TransferResultDto> PayAsync(object request)
    {
        var response = await Admin.PostAsJsonAsync("/api/ledger/transfers", request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TransferResultDto>())!;
    }
}
