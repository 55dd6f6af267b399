using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SolidarityMarket.Testing;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// The administrators' account pages (<c>/admin/accounts</c>) in Chromium with JavaScript off: what the page shows,
/// and what changed checked through the Ledger API as the administrator — limits and their audit, states and
/// theirs, a frozen member's payment refused by the ledger.
/// </summary>
public sealed class AccountAdminPagesTests(MarketWorld world)
{
    [Fact]
    public async Task An_administrator_finds_a_members_account_by_owner_and_opens_it()
    {
        var member = await world.NewMemberAsync();
        var owner = (await AccountAsync(member.AccountId)).GetProperty("ownerId").GetGuid();
        var page = await AdminPageAsync("/admin");

        await page.GetByRole(AriaRole.Link, new() { Name = "Credit accounts" }).ClickAsync();
        await page.GetByLabel("Name, number or e-mail").FillAsync(owner.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        var row = page.Locator("tr[data-account]");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToHaveAttributeAsync("data-account", member.AccountId.ToString());
        await Expect(row).ToContainTextAsync("Food");
        await Expect(row).ToContainTextAsync(owner.ToString());
        await Expect(row.Locator(".amount")).ToHaveTextAsync("0.00 credits");
        await Expect(row).ToContainTextAsync("down to -200.00 credits, up to 400.00 credits");
        await Expect(row.Locator("[data-field=state]")).ToHaveTextAsync("Active");

        await page.GetByLabel("Exchange").FillAsync("housing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(page.Locator("tr[data-account]")).ToHaveCountAsync(0);
        await Expect(page.GetByText("No account matches.")).ToBeVisibleAsync();

        await page.GetByLabel("Exchange").FillAsync("food");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await page.Locator("tr[data-account] th a").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/admin/accounts/{member.AccountId}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"{member.Email} (food)");
    }

    [Fact]
    public async Task An_administrator_finds_a_members_accounts_by_e_mail_and_by_a_piece_of_the_name_in_any_case()
    {
        var member = await world.NewMemberAsync();
        var care = await OpenAccountAsync("care", Guid.NewGuid(), $"Care circle of {member.Email}", member.UserId);
        var page = await AdminPageAsync("/admin/accounts");

        await page.GetByLabel("Name, number or e-mail").FillAsync(member.Email.ToUpperInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(page.Locator("tr[data-account]")).ToHaveCountAsync(2);
        Assert.Equal([care.ToString(), member.AccountId.ToString()], await page.Locator("tr[data-account]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.account)"));

        await page.GetByLabel("Name, number or e-mail").FillAsync($"CIRCLE OF {member.Email.Split('@')[0].ToUpperInvariant()}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(page.Locator("tr[data-account]")).ToHaveAttributeAsync("data-account", care.ToString());

        await page.GetByLabel("Name, number or e-mail").FillAsync("nobody-" + member.Email);
        var unknown = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync(), r => r.Url.Contains("/admin/accounts?", StringComparison.Ordinal));
        Assert.Equal(404, unknown.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync($"No user has the e-mail address nobody-{member.Email}.");
    }

    [Fact]
    public async Task The_list_comes_a_page_at_a_time_in_name_order_narrowed_by_kind_and_state()
    {
        var marker = "pg" + Guid.NewGuid().ToString("N")[..10];
        var (_, holder) = await world.Factory.CreateUserAsync(); // not the administrator, who must hold no account (MemberPagesTests)
        var opened = new List<Guid>();
        for (var i = 0; i < AccountsPageSize + 2; i++)
        {
            opened.Add(await OpenAccountAsync("services", Guid.NewGuid(), $"{marker} co-op {i:D3}", holder));
        }

        var page = await AdminPageAsync($"/admin/accounts?q={marker}");
        var rows = page.Locator("tr[data-account]");
        await Expect(rows).ToHaveCountAsync(AccountsPageSize);
        await Expect(page.Locator("table.ledger caption")).ToContainTextAsync($"{AccountsPageSize + 2} account(s), page 1 of 2");
        var first = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.account)");
        await page.GetByRole(AriaRole.Link, new() { Name = "Next accounts" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        var second = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.account)");
        Assert.Equal(opened.Select(id => id.ToString()), first.Concat(second));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Next accounts" })).ToHaveCountAsync(0);

        using (var admin = await world.AdminAsync())
        {
            var frozen = await admin.PostAsJsonAsync($"/api/ledger/accounts/{opened[7]}/freeze", new { reason = "test" });
            Assert.True(frozen.IsSuccessStatusCode, await frozen.Content.ReadAsStringAsync());
        }

        await page.GotoAsync($"/admin/accounts?q={marker}");
        await page.GetByLabel("State").SelectOptionAsync("Frozen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(rows).ToHaveAttributeAsync("data-account", opened[7].ToString());
        await page.GetByLabel("Kind").SelectOptionAsync("Clearing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(page.GetByText("No account matches.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_administrator_changes_the_limits_with_a_reason_recorded_with_their_name()
    {
        var member = await world.NewMemberAsync();
        var page = await AdminPageAsync($"/admin/accounts/{member.AccountId}");
        await Expect(page.GetByLabel("Debit limit in credits")).ToHaveValueAsync("200.00");
        await Expect(page.GetByLabel("Credit limit in credits")).ToHaveValueAsync("400.00");

        await page.GetByLabel("Debit limit in credits").FillAsync("250.00");
        await page.GetByLabel("Credit limit in credits").FillAsync("500");
        await page.GetByLabel("Reason for the limit change").FillAsync("Trusted baker, two years of trade");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change limits" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"The limits of {member.Email} (food) are now: down to -250.00 credits, up to 500.00 credits.");
        await Expect(page.Locator("[data-field=limits]")).ToHaveTextAsync("down to -250.00 credits, up to 500.00 credits");
        var history = page.Locator("table[aria-labelledby=limit-history] tbody tr");
        await Expect(history).ToHaveCountAsync(1);
        await Expect(history).ToContainTextAsync(world.AdminEmail);
        await Expect(history).ToContainTextAsync("down to -200.00 credits, up to 400.00 credits");
        await Expect(history).ToContainTextAsync("down to -250.00 credits, up to 500.00 credits");
        await Expect(history).ToContainTextAsync("Trusted baker, two years of trade");

        var account = await AccountAsync(member.AccountId);
        Assert.Equal(25000, account.GetProperty("debitLimit").GetInt64());
        Assert.Equal(50000, account.GetProperty("creditLimit").GetInt64());
        var change = Assert.Single((await HistoryAsync(member.AccountId, "limit-changes")).EnumerateArray());
        Assert.Equal("Trusted baker, two years of trade", change.GetProperty("reason").GetString());
        Assert.Equal(await AdminIdAsync(), change.GetProperty("changedBy").GetString());
        Assert.Equal(20000, change.GetProperty("previousDebitLimit").GetInt64());
    }

    [Fact]
    public async Task A_limit_change_without_a_reason_or_with_a_malformed_amount_is_refused_and_changes_nothing()
    {
        var member = await world.NewMemberAsync();
        var page = await AdminPageAsync($"/admin/accounts/{member.AccountId}");

        await page.GetByLabel("Debit limit in credits").FillAsync("300.00");
        await page.GetByLabel("Reason for the limit change").FillAsync("   ");
        var noReason = await ChangeLimitsAsync(page);

        Assert.Equal(400, noReason.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Give the reason for the change: it is recorded with it.");
        await Expect(page.GetByLabel("Debit limit in credits")).ToHaveValueAsync("300.00");

        await page.GetByLabel("Debit limit in credits").FillAsync("3OO");
        await page.GetByLabel("Credit limit in credits").FillAsync("1,000");
        await page.GetByLabel("Reason for the limit change").FillAsync("Raise for the harvest");
        var malformed = await ChangeLimitsAsync(page);

        Assert.Equal(400, malformed.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Write the debit limit as a number of credits with at most two decimals, e.g. 250.00.");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Write the credit limit with a point for the cents and no thousands separators");
        await Expect(page.GetByLabel("Debit limit in credits")).ToHaveValueAsync("3OO");
        await Expect(page.GetByLabel("Reason for the limit change")).ToHaveValueAsync("Raise for the harvest");

        var account = await AccountAsync(member.AccountId);
        Assert.Equal(20000, account.GetProperty("debitLimit").GetInt64());
        Assert.Equal(40000, account.GetProperty("creditLimit").GetInt64());
        Assert.Empty((await HistoryAsync(member.AccountId, "limit-changes")).EnumerateArray());
    }

    [Fact]
    public async Task A_debit_limit_the_balance_already_breaks_shows_the_ledgers_refusal_and_changes_nothing()
    {
        var payer = await world.NewMemberAsync();
        var payee = await world.NewMemberAsync();
        using (var payerApi = await world.Factory.SignInAsync(payer.Email, MarketplaceFactory.Password))
        {
            var paid = await payerApi.PostAsJsonAsync("/api/ledger/transfers", new { id = Guid.NewGuid(), debitAccountId = payer.AccountId, creditAccountId = payee.AccountId, amount = 15000L, memo = "A bicycle" });
            Assert.True(paid.IsSuccessStatusCode, await paid.Content.ReadAsStringAsync());
        }

        var page = await AdminPageAsync($"/admin/accounts/{payer.AccountId}");
        await page.GetByLabel("Debit limit in credits").FillAsync("100.00");
        await page.GetByLabel("Reason for the limit change").FillAsync("Tighten");
        var refused = await ChangeLimitsAsync(page);

        Assert.Equal(422, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("would already be breached.");
        await Expect(page.GetByLabel("Debit limit in credits")).ToHaveValueAsync("100.00");
        Assert.Equal(20000, (await AccountAsync(payer.AccountId)).GetProperty("debitLimit").GetInt64());
        Assert.Empty((await HistoryAsync(payer.AccountId, "limit-changes")).EnumerateArray());
    }

    [Fact]
    public async Task An_administrator_freezes_an_account_whose_payments_the_ledger_then_refuses_and_unfreezes_it()
    {
        var member = await world.NewMemberAsync();
        var other = await world.NewMemberAsync();
        var page = await AdminPageAsync($"/admin/accounts/{member.AccountId}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Unfreeze the account" })).ToHaveCountAsync(0);

        await page.GetByLabel("Reason to freeze").FillAsync("Left the co-op owing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Freeze the account", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"{member.Email} (food) is now frozen.");
        await Expect(page.Locator("[data-field=state]")).ToContainTextAsync("Frozen");
        await Expect(page.Locator("[data-field=state]")).ToContainTextAsync($"by {world.AdminEmail}: Left the co-op owing");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Freeze the account", Exact = true })).ToHaveCountAsync(0);
        Assert.Equal("Frozen", (await AccountAsync(member.AccountId)).GetProperty("status").GetString());
        using (var memberApi = await world.Factory.SignInAsync(member.Email, MarketplaceFactory.Password))
        {
            var paid = await memberApi.PostAsJsonAsync("/api/ledger/transfers", new { id = Guid.NewGuid(), debitAccountId = member.AccountId, creditAccountId = other.AccountId, amount = 500L, memo = "Eggs" });
            Assert.Equal(422, (int)paid.StatusCode);
            Assert.Contains("AccountFrozen", await paid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await world.BalanceAsync(other.AccountId));

        await page.GetByLabel("Reason to unfreeze").FillAsync("Debt settled in cash");
        await page.GetByRole(AriaRole.Button, new() { Name = "Unfreeze the account" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"{member.Email} (food) is now active.");
        var history = page.Locator("table[aria-labelledby=status-history] tbody tr");
        await Expect(history).ToHaveCountAsync(2);
        await Expect(history.Nth(0)).ToContainTextAsync("Frozen → Active");
        await Expect(history.Nth(0)).ToContainTextAsync("Debt settled in cash");
        await Expect(history.Nth(1)).ToContainTextAsync("Active → Frozen");
        await Expect(history.Nth(1)).ToContainTextAsync(world.AdminEmail);
        Assert.Equal("Active", (await AccountAsync(member.AccountId)).GetProperty("status").GetString());
        Assert.Equal(2, (await HistoryAsync(member.AccountId, "status-changes")).GetArrayLength());
    }

    [Fact]
    public async Task Closing_an_account_that_is_not_at_zero_shows_the_ledgers_refusal_and_a_zero_account_closes_for_good()
    {
        var payer = await world.NewMemberAsync();
        var payee = await world.NewMemberAsync();
        using (var payerApi = await world.Factory.SignInAsync(payer.Email, MarketplaceFactory.Password))
        {
            var paid = await payerApi.PostAsJsonAsync("/api/ledger/transfers", new { id = Guid.NewGuid(), debitAccountId = payer.AccountId, creditAccountId = payee.AccountId, amount = 1000L, memo = "Bread" });
            Assert.True(paid.IsSuccessStatusCode, await paid.Content.ReadAsStringAsync());
        }

        var page = await AdminPageAsync($"/admin/accounts/{payee.AccountId}");
        await page.GetByLabel("Reason to close").FillAsync("Moving away");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Close the account" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(422, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync($"Account {payee.AccountId} has balance 1000; only an account at zero can be closed.");
        await Expect(page.GetByLabel("Reason to close")).ToHaveValueAsync("Moving away");
        await Expect(page.GetByLabel("Debit limit in credits")).ToHaveValueAsync("200.00");
        await Expect(page.GetByLabel("Credit limit in credits")).ToHaveValueAsync("400.00");
        await Expect(page.GetByLabel("Reason to freeze")).ToHaveValueAsync("");
        Assert.Equal("Active", (await AccountAsync(payee.AccountId)).GetProperty("status").GetString());
        Assert.Empty((await HistoryAsync(payee.AccountId, "status-changes")).EnumerateArray());

        var idle = await world.NewMemberAsync();
        await page.GotoAsync($"/admin/accounts/{idle.AccountId}");
        await page.GetByLabel("Reason to close").FillAsync("Never used");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close the account" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"{idle.Email} (food) is now closed.");
        await Expect(page.GetByText("This account is closed for good")).ToBeVisibleAsync();
        await Expect(page.Locator("form[method=post]")).ToHaveCountAsync(1); // signing out only
        Assert.Equal("Closed", (await AccountAsync(idle.AccountId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_member_is_refused_the_account_page_and_their_forged_forms_change_nothing()
    {
        var member = await world.NewMemberAsync();
        var page = await world.NewPageAsync();
        await MemberPages.GoAndSignInAsync(page, member.Email);
        await Expect(page.Locator("header.site")).ToContainTextAsync($"Signed in as {member.Email}");

        var opened = await page.GotoAsync($"/admin/accounts/{member.AccountId}");
        Assert.Equal(403, opened!.Status);
        await Expect(page).ToHaveURLAsync(new Regex("/denied"));

        await page.GotoAsync("/me/pay");
        var token = await page.Locator("[name=__RequestVerificationToken]").First.InputValueAsync();
        foreach (var (handler, fields) in new (string, string[])[] { ("Limits", ["DebitLimit", "100000", "CreditLimit", "100000", "LimitReason", "Mine now"]), ("Close", ["StatusReason", "Mine now"]), ("Freeze", ["StatusReason", "Mine now"]) })
        {
            var form = page.Context.APIRequest.CreateFormData();
            form.Set("__RequestVerificationToken", token);
            for (var i = 0; i < fields.Length; i += 2)
            {
                form.Set(fields[i], fields[i + 1]);
            }

            var answer = await page.Context.APIRequest.PostAsync($"/admin/accounts/{member.AccountId}?handler={handler}", new() { Form = form });
            Assert.Equal(403, answer.Status);
        }

        var account = await AccountAsync(member.AccountId);
        Assert.Equal(20000, account.GetProperty("debitLimit").GetInt64());
        Assert.Equal("Active", account.GetProperty("status").GetString());
        Assert.Empty((await HistoryAsync(member.AccountId, "limit-changes")).EnumerateArray());
        Assert.Empty((await HistoryAsync(member.AccountId, "status-changes")).EnumerateArray());
    }

    [Fact]
    public async Task Markup_in_a_reason_is_shown_as_text()
    {
        const string Markup = "<b>bold</b> <img src=x onerror=\"window.xssRan = true\"> owed";
        var member = await world.NewMemberAsync();
        var page = await AdminPageAsync($"/admin/accounts/{member.AccountId}");

        await page.GetByLabel("Reason to freeze").FillAsync(Markup);
        await page.GetByRole(AriaRole.Button, new() { Name = "Freeze the account", Exact = true }).ClickAsync();

        var why = page.Locator("table[aria-labelledby=status-history] tbody tr td.description");
        await Expect(why).ToHaveTextAsync(Markup);
        await Expect(page.Locator("main b, main img")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-field=state]")).ToContainTextAsync(Markup);
    }

    [Fact]
    public async Task An_administrator_opens_an_account_for_a_member_named_by_e_mail_once()
    {
        var (email, userId) = await world.Factory.CreateUserAsync();
        var page = await AdminPageAsync("/admin/accounts");
        await page.GetByRole(AriaRole.Link, new() { Name = "Open an account" }).ClickAsync();

        await page.GetByLabel("Exchange").FillAsync("housing");
        await page.GetByLabel("Category").FillAsync("SolidarityEconomyInitiative");
        await page.GetByLabel("Account name").FillAsync("Hillside housing co-op");
        await page.GetByLabel("Holders").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the account" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Opened Hillside housing co-op: down to -1,000.00 credits, up to 2,000.00 credits.");
        await Expect(page).ToHaveURLAsync(new Regex("/admin/accounts/[0-9a-f-]{36}$"));
        var accountPage = page.Url;
        using (var memberApi = await world.Factory.SignInAsync(email, MarketplaceFactory.Password))
        {
            using var held = JsonDocument.Parse(await memberApi.GetStringAsync(new Uri("/api/ledger/accounts?held=true", UriKind.Relative)));
            var account = Assert.Single(held.RootElement.EnumerateArray());
            Assert.Equal("housing", account.GetProperty("exchangeId").GetString());
            Assert.Equal(Guid.Parse(userId), account.GetProperty("ownerId").GetGuid());
            Assert.Equal(100_000, account.GetProperty("debitLimit").GetInt64());
            Assert.EndsWith(account.GetProperty("id").GetString()!, accountPage, StringComparison.Ordinal);
        }

        await page.GotoAsync("/admin/accounts/new");
        await page.GetByLabel("Exchange").FillAsync("housing");
        await page.GetByLabel("Account name").FillAsync("Again");
        await page.GetByLabel("Holders").FillAsync(userId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the account" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("already has a member account in the housing exchange: this one. Nothing was opened.");
        Assert.Equal(accountPage, page.Url);
    }

    [Fact]
    public async Task Opening_an_account_for_an_unknown_e_mail_or_exchange_is_refused_with_the_form_kept()
    {
        var (email, _) = await world.Factory.CreateUserAsync();
        var page = await AdminPageAsync("/admin/accounts/new");
        await page.GetByLabel("Exchange").FillAsync("food");
        await page.GetByLabel("Account name").FillAsync("Nobody's account");
        await page.GetByLabel("Holders").FillAsync("nobody-" + email);
        var unknownUser = await OpenAsync(page);

        Assert.Equal(400, unknownUser.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync($"No user has the e-mail address nobody-{email}.");
        await Expect(page.GetByLabel("Account name")).ToHaveValueAsync("Nobody's account");

        await page.GetByLabel("Exchange").FillAsync("moon");
        await page.GetByLabel("Holders").FillAsync(email);
        var unknownExchange = await OpenAsync(page);

        Assert.Equal(400, unknownExchange.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("exchangeId must be one of");
        using var memberApi = await world.Factory.SignInAsync(email, MarketplaceFactory.Password);
        using var held = JsonDocument.Parse(await memberApi.GetStringAsync(new Uri("/api/ledger/accounts?held=true", UriKind.Relative)));
        Assert.Empty(held.RootElement.EnumerateArray());
    }

    private const int AccountsPageSize = SolidarityMarket.Web.Pages.Admin.AccountsModel.PageSize;

    /// <summary>An account opened by the administrator through the API, for an owner, held by a user (never the administrator).</summary>
    private async Task<Guid> OpenAccountAsync(string exchange, Guid owner, string name, string holder)
    {
        using var admin = await world.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/ledger/accounts", new { exchangeId = exchange, ownerId = owner, name, holderUserIds = new[] { holder } });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    private static Task<IResponse> OpenAsync(IPage page) => page.RunAndWaitForResponseAsync(
        () => page.GetByRole(AriaRole.Button, new() { Name = "Open the account" }).ClickAsync(), r => r.Request.Method == "POST");

    private Task<IPage> AdminPageAsync(string path) => MemberPages.SignedInAtAsync(world, world.AdminEmail, path);

    private static Task<IResponse> ChangeLimitsAsync(IPage page) => page.RunAndWaitForResponseAsync(
        () => page.GetByRole(AriaRole.Button, new() { Name = "Change limits" }).ClickAsync(), r => r.Request.Method == "POST");

    private async Task<JsonElement> AccountAsync(Guid id) => await GetJsonAsync($"/api/ledger/accounts/{id}");

    private async Task<JsonElement> HistoryAsync(Guid id, string history) => await GetJsonAsync($"/api/ledger/accounts/{id}/{history}");

    private async Task<string> AdminIdAsync() => (await GetJsonAsync("/api/auth/me")).GetProperty("id").GetString()!;

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var admin = await world.AdminAsync();
        using var document = JsonDocument.Parse(await admin.GetStringAsync(new Uri(path, UriKind.Relative)));
        return document.RootElement.Clone();
    }
}
