using System.Net;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>The payee may reverse for 14 days after the original was posted; an administrator always.</summary>
public sealed class ReversalWindowTests(FakeClockLedgerHost host) : IClassFixture<FakeClockLedgerHost>
{
    [Fact]
    public async Task The_payee_may_reverse_until_the_window_closes_and_an_administrator_after_it()
    {
        var payer = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var (early, late) = (Guid.NewGuid(), Guid.NewGuid());
        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 400, early);
        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 600, late);

        await host.AdvanceAsync(TimeSpan.FromDays(14));

        // The bearer-token handler reads the same (fake) clock: the hour-long token has expired.
        Assert.Equal(HttpStatusCode.Unauthorized, (await payee.Client.GetAsync($"{Accounts}/{payee.AccountId}")).StatusCode);
        var payeeClient = await host.SignInAgainAsync(payee.UserId);
        await CreatedAsync(await payeeClient.ReverseAsync(early)); // exactly at the end of the window: still allowed

        await host.AdvanceAsync(TimeSpan.FromSeconds(1));
        payeeClient = await host.SignInAgainAsync(payee.UserId);
        var before = await host.SnapshotAsync();
        await AssertProblemAsync(await payeeClient.ReverseAsync(late), HttpStatusCode.UnprocessableEntity, "reversal-window-closed");
        await host.AssertUnchangedSinceAsync(before);

        await CreatedAsync(await host.Admin.ReverseAsync(late));
        Assert.Equal(0, await host.Admin.BalanceAsync(payer.AccountId));
        Assert.Equal(0, await host.Admin.BalanceAsync(payee.AccountId));
    }
}
