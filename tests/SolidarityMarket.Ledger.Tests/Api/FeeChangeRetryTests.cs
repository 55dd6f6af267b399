using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.Ledger.Posting;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary><see cref="FeeLedgerHost"/>'s exchanges on a fake clock, so a fee rate changed in the database is seen once the directory's copy is stale.</summary>
public sealed class FakeClockFeeLedgerHost : FakeClockLedgerHost
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => new Dictionary<string, string?>
    {
        ["Ledger:Exchanges:0:Id"] = "food",
        ["Ledger:Exchanges:0:FeeBasisPoints"] = "100",
        ["Ledger:Exchanges:1:Id"] = "care",
        ["Ledger:Exchanges:2:Id"] = "housing",
        ["Ledger:Exchanges:2:FeeBasisPoints"] = "150",
    };

    /// <summary>Sets an exchange's fee rate as a restarted replica with new settings would, and lets the directory's copy go stale.</summary>
    public async Task ChangeFeeAsync(string exchange, int basisPoints)
    {
        await WithDbAsync(db => db.Exchanges.Where(x => x.Id == exchange).ExecuteUpdateAsync(s => s.SetProperty(x => x.FeeBasisPoints, basisPoints)));
        await AdvanceAsync(LedgerDirectory.ExchangesMaxAge + TimeSpan.FromSeconds(1));
    }
}

/// <summary>A retried trade is a replay however the fee rate or the default hold timeout changed since it was stored.</summary>
public sealed class FeeChangeRetryTests(FakeClockFeeLedgerHost host) : IClassFixture<FakeClockFeeLedgerHost>
{
    [Fact]
    public async Task A_trade_retried_after_its_exchanges_fee_rate_changed_is_a_replay_of_the_stored_result()
    {
        var payer = await host.NewMemberAsync("food");
        var payee = await host.NewMemberAsync("food");
        var id = Guid.NewGuid();
        var first = await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 10_000, id, memo: "veg box");
        Assert.Equal(100, first.Transfers[1].Amount);
        await host.ChangeFeeAsync("food", 150);
        var before = await host.SnapshotAsync();

        // Planned at today's 150 bp, the fee leg (amount and memo "Fee 150 bp ...") differed from the stored one: 409.
        var retry = await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 10_000, id, memo: "veg box");

        await AssertReplayAsync(retry, first);
        await host.AssertUnchangedSinceAsync(before);
        var changed = await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 9_000, id, memo: "veg box");
        await AssertProblemAsync(changed, HttpStatusCode.Conflict); // other client fields stay a conflict
        var now = await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 1_000);
        Assert.Equal(15, now.Transfers[1].Amount); // a new trade pays today's rate
    }

    [Fact]
    public async Task A_trade_retried_after_its_exchange_started_charging_a_fee_is_a_replay_of_the_stored_result()
    {
        var payer = await host.NewMemberAsync("care");
        var payee = await host.NewMemberAsync("care");
        var id = Guid.NewGuid();
        var first = await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 5_000, id);
        Assert.Single(first.Transfers);
        await host.ChangeFeeAsync("care", 200);
        var before = await host.SnapshotAsync();

        // Planned at 200 bp, the retry had a fee leg the stored trade has not: IdAlreadyUsedInAnotherBatch (409).
        var retry = await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 5_000, id);

        await AssertReplayAsync(retry, first);
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task A_hold_retried_after_the_default_hold_timeout_changed_is_a_replay_of_the_stored_result()
    {
        var payer = await host.NewMemberAsync("housing");
        var payee = await host.NewMemberAsync("housing");
        var id = Guid.NewGuid();
        var first = await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 2_000, id, hold: true);
        var options = host.Services.GetRequiredService<IOptions<LedgerOptions>>().Value;
        var defaultTimeout = options.DefaultHoldTimeout;
        options.DefaultHoldTimeout = defaultTimeout - TimeSpan.FromDays(1); // as a replica restarted with another setting
        try
        {
            var before = await host.SnapshotAsync();

            var retry = await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 2_000, id, hold: true);

            await AssertReplayAsync(retry, first);
            await host.AssertUnchangedSinceAsync(before);
        }
        finally
        {
            options.DefaultHoldTimeout = defaultTimeout;
        }
    }

    private static async Task AssertReplayAsync(HttpResponseMessage retry, TransferResultDto first)
    {
        var text = await retry.Content.ReadAsStringAsync();
        Assert.True(retry.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)retry.StatusCode}: {text}");
        var replay = (await retry.Content.ReadFromJsonAsync<TransferResultDto>())!;
        Assert.True(replay.Replay);
        Assert.Equal(first.Transfers, replay.Transfers);
    }
}
