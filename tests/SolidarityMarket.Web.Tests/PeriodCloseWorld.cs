using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// A marketplace of its own for the period-close pages, on a clock that can be moved on: a close reads a whole month
/// of an exchange, and only a month that has ended can be closed. <see cref="ClosableMonthAsync"/> trades in "food" in
/// this month, as it really is, then moves the clock to the second day of the next month, so that this month is the
/// one to close (and the page's default: the previous month). Nothing is shared with other worlds: the tests of the
/// class run one after another, and only they trade here.
/// </summary>
public sealed class PeriodCloseWorld : MarketWorld
{
    /// <summary>What the seller of <see cref="ClosableMonthAsync"/>'s trade received (hundredths).</summary>
    public const long Sale = 10_000;

    // The world's own clock, made before the base constructor so that its services callback can hand it to the host.
    private readonly ShiftedClock _clock;

    private readonly SemaphoreSlim _once = new(1, 1);
    private (Member Buyer, Member Seller, string Month)? _month;

    public PeriodCloseWorld()
        : this(new ShiftedClock())
    {
    }

    private PeriodCloseWorld(ShiftedClock clock)
        : base([], services => services.AddSingleton<TimeProvider>(clock))
    {
        _clock = clock;
    }

    protected override bool SeedsListings => false;

    /// <summary>
    /// Once: a buyer in "food" pays a seller <see cref="Sale"/> now, then the clock moves past this month's end.
    /// The buyer, the seller and the month (yyyy-MM) now closable.
    /// </summary>
    public async Task<(Member Buyer, Member Seller, string Month)> ClosableMonthAsync()
    {
        await _once.WaitAsync();
        try
        {
            if (_month is { } done)
            {
                return done;
            }

            var (buyer, seller) = (await NewMemberAsync("food"), await NewMemberAsync("food"));
            using var api = await Factory.SignInAsync(buyer.Email, MarketplaceFactory.Password);
            var paid = await api.PostAsJsonAsync("/api/ledger/transfers", new
            {
                id = Guid.NewGuid(), debitAccountId = buyer.AccountId, creditAccountId = seller.AccountId, amount = Sale, memo = "Bread for the month",
            });
            Assert.True(paid.IsSuccessStatusCode, $"trade: {(int)paid.StatusCode} {await paid.Content.ReadAsStringAsync()}");

            var now = _clock.GetUtcNow();
            var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
            _clock.Offset = monthStart.AddMonths(1).AddDays(1) - now; // tokens signed in before are an hour old by then
            _month = (buyer, seller, monthStart.ToString("yyyy-MM", CultureInfo.InvariantCulture));
            return _month.Value;
        }
        finally
        {
            _once.Release();
        }
    }

    /// <summary>The month the clock is in now: not ended, so not closable.</summary>
    public string CurrentMonth => _clock.GetUtcNow().ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The exchange's operating account (where levies go).</summary>
    public async Task<Guid> OperatingAccountAsync(string exchange)
    {
        var accounts = await GetAsync("/api/ledger/accounts");
        return accounts.EnumerateArray()
            .Single(a => a.GetProperty("exchangeId").GetString() == exchange && a.GetProperty("kind").GetString() == "Operating")
            .GetProperty("id").GetGuid();
    }

    /// <summary>How many closes the ledger holds.</summary>
    public async Task<int> CloseCountAsync() => (await GetAsync("/api/ledger/period-closes?pageSize=1")).GetProperty("total").GetInt32();

    /// <summary>A close with its items, as the ledger has it.</summary>
    public Task<JsonElement> CloseAsync(Guid id) => GetAsync($"/api/ledger/period-closes/{id}");

    /// <summary>Any Ledger API resource as the administrator reads it.</summary>
    public async Task<JsonElement> GetAsync(string path)
    {
        using var admin = await AdminAsync();
        using var json = JsonDocument.Parse(await admin.GetStringAsync(new Uri(path, UriKind.Relative)));
        return json.RootElement.Clone();
    }

    /// <summary>The system's clock moved on by <see cref="Offset"/>; timestamps and timers stay the system's.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }
}
