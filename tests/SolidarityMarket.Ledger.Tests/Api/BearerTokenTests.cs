using System.Net;
using System.Net.Http.Headers;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>
/// Bearer tokens read once are remembered (ServiceDefaults' BearerTicketCache), which must not change what is
/// accepted: an expired token is refused even right after it was accepted, and a token that differs from an
/// accepted one in a single character is read (and refused) on its own.
/// </summary>
public sealed class BearerTokenTests(FakeClockLedgerHost host) : IClassFixture<FakeClockLedgerHost>
{
    [Fact]
    public async Task A_token_accepted_a_moment_ago_is_refused_once_it_has_expired()
    {
        var member = await host.NewMemberAsync();
        await member.Client.AccountAsync(member.AccountId);

        await host.AdvanceAsync(TimeSpan.FromHours(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await member.Client.GetAsync($"{Accounts}/{member.AccountId}")).StatusCode);
        var again = await host.SignInAgainAsync(member.UserId);
        Assert.Equal(member.AccountId, (await again.AccountAsync(member.AccountId)).Id);
    }

    [Fact]
    public async Task A_token_one_character_away_from_an_accepted_one_is_refused()
    {
        var member = await host.NewMemberAsync();
        await member.Client.AccountAsync(member.AccountId);
        var token = member.Client.DefaultRequestHeaders.Authorization!.Parameter!;
        var forged = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];

        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Accounts}/{member.AccountId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forged);
        var response = await member.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(member.AccountId, (await member.Client.AccountAsync(member.AccountId)).Id);
    }
}
