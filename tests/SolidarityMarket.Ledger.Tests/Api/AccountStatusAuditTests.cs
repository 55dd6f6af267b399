using System.Net;
using System.Net.Http.Json;
using SolidarityMarket.Ledger.Features;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;
using StatusChange = SolidarityMarket.Ledger.Features.AccountStatusHistory.AccountStatusChangeDto;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>
/// Freezing, unfreezing and closing need a reason and are recorded with who, when and why, from what to what; the
/// history is for the account's holders and administrators, and the latest change is part of the account.
/// </summary>
public sealed class AccountStatusAuditTests(LedgerHost host) : IClassFixture<LedgerHost>
{
    [Fact]
    public async Task Freeze_unfreeze_and_close_are_each_recorded_with_who_when_why_and_before_and_after()
    {
        var member = await host.NewMemberAsync();
        var started = DateTimeOffset.UtcNow.AddMinutes(-5);
        Assert.Null((await member.Client.AccountAsync(member.AccountId)).LastStatusChange);
        Assert.Empty((await member.Client.GetFromJsonAsync<List<StatusChange>>(StatusChanges(member.AccountId)))!);

        var frozen = await ChangeAsync(member.AccountId, "freeze", "  Reported for unpaid deliveries  ");
        Assert.Equal("Frozen", frozen.Status);
        Assert.Equal(("Active", "Frozen", host.AdminUserId, "Reported for unpaid deliveries"), Fields(frozen.LastStatusChange!));
        await ChangeAsync(member.AccountId, "freeze", "again"); // a replay: nothing changed, nothing recorded
        await ChangeAsync(member.AccountId, "unfreeze", "Settled with the vendor");
        var closed = await ChangeAsync(member.AccountId, "close", "Member left the co-op");
        await ChangeAsync(member.AccountId, "close", "again");

        var expected = new[]
        {
            ("Active", "Frozen", host.AdminUserId, "Reported for unpaid deliveries"),
            ("Frozen", "Active", host.AdminUserId, "Settled with the vendor"),
            ("Active", "Closed", host.AdminUserId, "Member left the co-op"),
        };
        var asHolder = (await member.Client.GetFromJsonAsync<List<StatusChange>>(StatusChanges(member.AccountId)))!;
        var asAdmin = (await host.Admin.GetFromJsonAsync<List<StatusChange>>(StatusChanges(member.AccountId)))!;
        Assert.Equal(expected, asHolder.Select(Fields));
        Assert.Equal(expected, asAdmin.Select(Fields));
        Assert.All(asHolder, c => Assert.True(c.ChangedAt > started, c.ToString()));
        Assert.Equal(Fields(asHolder[^1]), Fields(closed.LastStatusChange!));
        Assert.Equal(Fields(asHolder[^1]), Fields((await member.Client.AccountAsync(member.AccountId)).LastStatusChange!));
        var listed = (await member.Client.GetFromJsonAsync<List<AccountDto>>(Accounts))!;
        Assert.Equal(Fields(asHolder[^1]), Fields(Assert.Single(listed, a => a.Id == member.AccountId).LastStatusChange!));
    }

    [Fact]
    public async Task Only_holders_and_administrators_read_the_history_and_an_unknown_account_is_a_404()
    {
        var member = await host.NewMemberAsync();
        var stranger = await host.NewMemberAsync();
        await ChangeAsync(member.AccountId, "freeze", "Audit");

        await AssertProblemAsync(await stranger.Client.GetAsync(StatusChanges(member.AccountId)), HttpStatusCode.NotFound);
        await AssertProblemAsync(await host.Admin.GetAsync(StatusChanges(Guid.NewGuid())), HttpStatusCode.NotFound);
        Assert.Single((await member.Client.GetFromJsonAsync<List<StatusChange>>(StatusChanges(member.AccountId)))!);
    }

    [Theory]
    [InlineData("freeze")]
    [InlineData("unfreeze")]
    [InlineData("close")]
    public async Task A_state_change_needs_a_storable_reason_of_at_most_500_characters_and_a_refused_one_records_nothing(string action)
    {
        var member = await host.NewMemberAsync();
        if (action == "unfreeze")
        {
            await ChangeAsync(member.AccountId, "freeze", "set-up");
        }

        var before = await host.SnapshotAsync();
        var url = $"{Accounts}/{member.AccountId}/{action}";

        await AssertProblemAsync(await host.Admin.PostAsync(url, null), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await host.Admin.PostAsJsonAsync(url, new { }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await host.Admin.PostAsJsonAsync(url, new { reason = "   " }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await host.Admin.PostAsJsonAsync(url, new { reason = "bad\0reason" }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await host.Admin.PostAsJsonAsync(url, new { reason = new string('x', 501) }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await member.Client.PostAsJsonAsync(url, new { reason = "my own" }), HttpStatusCode.Forbidden);
        await host.AssertUnchangedSinceAsync(before);

        Assert.Equal(HttpStatusCode.OK, (await host.Admin.PostAsJsonAsync(url, new { reason = new string('x', 500) })).StatusCode);
    }

    [Fact]
    public async Task A_state_change_the_ledger_refuses_records_nothing()
    {
        var member = await host.NewMemberAsync();
        var other = await host.NewMemberAsync();
        await member.Client.PayOkAsync(member.AccountId, other.AccountId, 100);
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await host.Admin.PostAsJsonAsync($"{Accounts}/{member.AccountId}/close", new { reason = "leaving" }), HttpStatusCode.UnprocessableEntity, "account-not-zero");

        await host.AssertUnchangedSinceAsync(before);
        Assert.Empty((await host.Admin.GetFromJsonAsync<List<StatusChange>>(StatusChanges(member.AccountId)))!);
    }

    private static string StatusChanges(Guid account) => $"{Accounts}/{account}/status-changes";

    private static (string, string, string, string) Fields(StatusChange c) => (c.PreviousStatus, c.Status, c.ChangedBy, c.Reason);

    private async Task<AccountDto> ChangeAsync(Guid account, string action, string reason)
    {
        var response = await host.Admin.PostAsJsonAsync($"{Accounts}/{account}/{action}", new { reason });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AccountDto>())!;
    }
}
