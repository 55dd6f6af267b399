using System.Net;
using System.Net.Http.Json;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.Ledger.Tests.Posting;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>
/// The administrators' account list (<c>GET /api/ledger/accounts/search</c>): narrowed by name in any case, number,
/// exchange, kind, state, owner and holder, and paged without skipping or repeating an account — on both providers,
/// whose text comparison differs. Each test names its accounts with a marker of its own, as the host is shared.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class AccountSearchTests(SqlBatchWriterTests.Hosts hosts) : IClassFixture<SqlBatchWriterTests.Hosts>
{
    private const string Search = Accounts + "/search";

    public static TheoryData<string> Providers => ["Sqlite", "Postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_piece_of_the_name_in_any_case_finds_the_accounts_in_exchange_and_name_order(string provider)
    {
        var (admin, marker, opened) = await OpenAccountsAsync(provider, count: 3);

        var page = await SearchAsync(admin, $"q={marker.ToUpperInvariant()}");
        var inCare = await SearchAsync(admin, $"q={marker}&exchangeId=care");

        Assert.Equal(3, page.Total);
        Assert.Equal(opened.OrderBy(a => a.ExchangeId, StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.Ordinal).Select(a => a.Id), page.Items.Select(a => a.Id));
        Assert.Equal(opened.Where(a => a.ExchangeId == "care").Select(a => a.Id), inCare.Items.Select(a => a.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_name_with_letters_beyond_ascii_is_found_as_typed(string provider)
    {
        var factory = await hosts.GetAsync(provider);
        var (admin, _) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Admin);
        var name = $"École coopérative {Guid.NewGuid():N}";
        var response = await admin.PostAsJsonAsync(Accounts, new { exchangeId = "care", ownerId = Guid.NewGuid(), name });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var opened = (await response.Content.ReadFromJsonAsync<AccountDto>())!;

        var page = await SearchAsync(admin, $"q={Uri.EscapeDataString(name[..18])}");

        Assert.Contains(opened.Id, page.Items.Select(a => a.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Pages_neither_skip_nor_repeat_an_account(string provider)
    {
        var (admin, marker, opened) = await OpenAccountsAsync(provider, count: 5);

        var seen = new List<Guid>();
        for (var number = 1; number <= 3; number++)
        {
            var page = await SearchAsync(admin, $"q={marker}&page={number}&pageSize=2");
            Assert.Equal((5, number, 2), (page.Total, page.PageNumber, page.PageSize));
            seen.AddRange(page.Items.Select(a => a.Id));
        }

        Assert.Equal(5, seen.Count);
        Assert.Equal(opened.Select(a => a.Id).Order(), seen.Order());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_number_finds_the_account_or_the_owners_accounts_and_the_holder_finds_theirs(string provider)
    {
        var factory = await hosts.GetAsync(provider);
        var (admin, _) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Admin);
        var (member, memberId) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Member);
        var food = await member.OpenOwnAccountAsync("food");
        var care = await member.OpenOwnAccountAsync("care");

        var byAccount = await SearchAsync(admin, $"q={care.Id}");
        var byOwner = await SearchAsync(admin, $"q={food.OwnerId}");
        var byHolder = await SearchAsync(admin, $"holderUserId={memberId}");
        var freeze = await admin.PostAsJsonAsync($"{Accounts}/{care.Id}/freeze", new { reason = "test" });
        Assert.True(freeze.IsSuccessStatusCode, await freeze.Content.ReadAsStringAsync());
        var frozenOfHolder = await SearchAsync(admin, $"holderUserId={memberId}&status=frozen");
        var clearingOfOwner = await SearchAsync(admin, $"ownerId={food.OwnerId}&kind=Clearing");

        Assert.Equal([care.Id], byAccount.Items.Select(a => a.Id));
        Assert.Equal([care.Id, food.Id], byOwner.Items.Select(a => a.Id));
        Assert.Equal([care.Id, food.Id], byHolder.Items.Select(a => a.Id));
        Assert.Equal([care.Id], frozenOfHolder.Items.Select(a => a.Id));
        Assert.Empty(clearingOfOwner.Items);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Bad_parameters_are_a_400_naming_the_parameter_and_members_are_refused(string provider)
    {
        var factory = await hosts.GetAsync(provider);
        var (admin, _) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Admin);
        var (member, _) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Member);

        foreach (var (query, field) in new[]
        {
            ("kind=Savings", "kind"), ("status=Open", "status"), ("page=0", "page"), ("pageSize=201", "pageSize"),
            ("q=" + new string('x', 201), "q"), ("q=chair%00", "q"), ("holderUserId=" + new string('u', 65), "holderUserId"),
        })
        {
            var problem = await AssertProblemAsync(await admin.GetAsync($"{Search}?{query}"), HttpStatusCode.BadRequest);
            Assert.Equal(field, Assert.Single(problem.GetProperty("errors").EnumerateObject()).Name);
        }

        await AssertProblemAsync(await member.GetAsync(Search), HttpStatusCode.Forbidden);
    }

    private async Task<(HttpClient Admin, string Marker, List<AccountDto> Opened)> OpenAccountsAsync(string provider, int count)
    {
        var factory = await hosts.GetAsync(provider);
        var (admin, _) = await MarketplaceFactory.SignInAsNewUserAsync(factory, Roles.Admin);
        var marker = "srch" + Guid.NewGuid().ToString("N")[..8];
        string[] exchanges = ["food", "care"];
        var opened = new List<AccountDto>();
        for (var i = 0; i < count; i++)
        {
            // Mixed case in the stored name: the search must ignore case on every provider.
            var response = await admin.PostAsJsonAsync(Accounts, new
            {
                exchangeId = exchanges[i % 2],
                ownerId = Guid.NewGuid(),
                name = $"Co-op {(char)('E' - i)} {marker.ToUpperInvariant()[..2]}{marker[2..]}",
            });
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            opened.Add((await response.Content.ReadFromJsonAsync<AccountDto>())!);
        }

        return (admin, marker, opened);
    }

    private static async Task<SearchAccounts.Page> SearchAsync(HttpClient admin, string query)
    {
        var response = await admin.GetAsync($"{Search}?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SearchAccounts.Page>())!;
    }
}
