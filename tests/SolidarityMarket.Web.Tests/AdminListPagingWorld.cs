using System.Globalization;
using System.Net.Http.Json;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// A marketplace of its own for paging the administrators' history lists (card reconciliation reports, period closes),
/// without listings. Those lists are the whole market's: in a shared world other classes' reports and closes would move
/// rows between pages while a test compares them with the API's pages. Rows are made through the public APIs, which
/// store them synchronously: a reconciliation of a past day (the simulated card provider has nothing to read) and the
/// preview of a past month's close (nothing moves until it is posted, and a month may be previewed again).
/// </summary>
public sealed class AdminListPagingWorld : MarketWorld
{
    protected override bool SeedsListings => false;

    /// <summary>Reconciles <paramref name="count"/> consecutive days from 2020-01-01, the first day Ordering takes.</summary>
    public async Task ReconcileDaysAsync(int count)
    {
        using var admin = await AdminAsync();
        var first = new DateOnly(2020, 1, 1);
        for (var day = 0; day < count; day++)
        {
            var date = first.AddDays(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            using var ran = await admin.PostAsync(new Uri($"/api/ordering/reconciliations?date={date}", UriKind.Relative), null);
            Assert.True(ran.IsSuccessStatusCode, $"reconcile {date}: {(int)ran.StatusCode} {await ran.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Previews the closes of <paramref name="count"/> consecutive months of <paramref name="exchange"/> from <paramref name="firstMonth"/>.</summary>
    public async Task PreviewClosesAsync(string exchange, DateOnly firstMonth, int count)
    {
        using var admin = await AdminAsync();
        for (var i = 0; i < count; i++)
        {
            var month = firstMonth.AddMonths(i).ToString("yyyy-MM", CultureInfo.InvariantCulture);
            using var previewed = await admin.PostAsJsonAsync("/api/ledger/period-closes", new { exchangeId = exchange, month });
            Assert.True(previewed.IsSuccessStatusCode, $"preview {exchange} {month}: {(int)previewed.StatusCode} {await previewed.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>One page of a list as the administrator reads it from the API.</summary>
    public async Task<T> ApiPageAsync<T>(string path)
    {
        using var admin = await AdminAsync();
        return (await admin.GetFromJsonAsync<T>(new Uri(path, UriKind.Relative)))!;
    }
}
