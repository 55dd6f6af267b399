using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// The administrators' settlement pages in Chromium with JavaScript off: the exchange positions, previewing a run,
/// approving, posting and abandoning it, the second-approver rule and the refusals; and a clearing run of an exchange's
/// obligations (<c>/admin/clearing</c>). Checked through the Ledger API.
/// Each test trades across sectors first and asserts on what its own run did (earlier tests may leave positions; the
/// one that needs its run below the second-approval threshold settles them first).
/// </summary>
public sealed partial class SettlementPagesTests(SettlementWorld world) : IClassFixture<SettlementWorld>
{
    [Fact]
    public async Task An_administrator_previews_approves_and_posts_a_run_and_the_positions_become_its_after()
    {
        await world.SettleEverythingAsync();
        await world.TradeAcrossSectorsAsync(2_500);
        var before = await world.PositionsAsync();
        var page = await SignedInAsync(world.AdminEmail, "/admin");

        await page.GetByRole(AriaRole.Link, new() { Name = "Settling exchange positions" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/admin/settlement$"));
        await Expect(page.Locator("tr[data-exchange='food'] td.amount").First).ToHaveTextAsync(Credits(before["food"]));
        await Expect(page.Locator("tr[data-exchange='housing'] td.amount").First).ToHaveTextAsync(Credits(before["housing"]));
        await Expect(page.Locator("[data-network-sum]")).ToHaveTextAsync("0.00 credits");
        await Expect(page.Locator("tr[data-proposed]")).Not.ToHaveCountAsync(0);

        var id = await PreviewAsync(page, "Bank transfer 2026-11 no. 1");

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Settlement run previewed");
        var run = await world.RunAsync(id);
        Assert.Equal("Previewed", run.GetProperty("status").GetString());
        Assert.Equal((2_500, 2_500, -2_500), (run.GetProperty("totalSettled").GetInt64(), before["food"], before["housing"]));
        await Expect(page.Locator("[data-status]")).ToHaveTextAsync("Previewed");
        await Expect(page.Locator("[data-total]")).ToHaveTextAsync(Credits(run.GetProperty("totalSettled").GetInt64()));
        await Expect(page.Locator("tr[data-settlement]")).ToHaveCountAsync(run.GetProperty("transfers").GetArrayLength());
        await Expect(page.Locator("tr[data-exchange='food'] td.amount")).ToHaveTextAsync([Credits(before["food"]), Credits(-before["food"]), "0.00 credits"]);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Post" })).ToHaveCountAsync(0);

        var approve = await FormAsync(page, "Approve");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The run is approved: it can be posted.");
        await Expect(page.Locator("[data-status]")).ToHaveTextAsync("Approved");
        Assert.Equal(before, await world.PositionsAsync());
        var post = await FormAsync(page, "Post");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The run is posted");
        await Expect(page.Locator("[data-status]")).ToHaveTextAsync("Posted");
        await Expect(page.GetByRole(AriaRole.Button)).ToHaveTextAsync(["Sign out"]);
        run = await world.RunAsync(id);
        // Who previewed, approved and posted, by e-mail rather than the user id the ledger records.
        await Expect(page.Locator("dl.summary .who")).ToHaveTextAsync([world.AdminEmail, world.AdminEmail, world.AdminEmail]);
        Assert.DoesNotContain(run.GetProperty("previewedBy").GetString()!, await page.Locator("dl.summary").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("Posted", run.GetProperty("status").GetString());
        var after = await world.PositionsAsync();
        foreach (var line in run.GetProperty("positions").EnumerateArray())
        {
            Assert.Equal(line.GetProperty("positionAfter").GetInt64(), after[line.GetProperty("exchangeId").GetString()!]);
        }

        Assert.Equal(0, after["food"]);

        // The same buttons sent again (a double click, a retry): the ledger answers with the run as it is, the page shows it.
        foreach (var (action, form) in new[] { approve, post })
        {
            var answer = await page.Context.APIRequest.PostAsync(action, new() { Form = form });
            Assert.Equal(200, answer.Status);
            Assert.Contains("The run is posted", await answer.TextAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(after, await world.PositionsAsync());
    }

    [Fact]
    public async Task An_abandoned_run_moves_nothing_and_cannot_be_posted_afterwards()
    {
        await world.TradeAcrossSectorsAsync(1_000);
        var before = await world.PositionsAsync();
        var page = await SignedInAsync(world.AdminEmail, "/admin/settlement");
        var id = await PreviewAsync(page, "Agreement to be signed");
        var approve = await FormAsync(page, "Approve");

        await page.GetByLabel("Reason (optional)").FillAsync("The agreement fell through.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Abandon" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The run is abandoned: it can never be posted. Preview a new one to settle.");
        await Expect(page.Locator("[data-status]")).ToHaveTextAsync("Abandoned");
        await Expect(page.Locator("dl.summary")).ToContainTextAsync("The agreement fell through.");
        await Expect(page.GetByRole(AriaRole.Button)).ToHaveTextAsync(["Sign out"]);
        var run = await world.RunAsync(id);
        Assert.Equal(("Abandoned", "The agreement fell through."), (run.GetProperty("status").GetString(), run.GetProperty("abandonReason").GetString()));

        // Approving it from the page as it was before: refused with the ledger's reason, and nothing changes.
        var refused = await page.Context.APIRequest.PostAsync(approve.Action, new() { Form = approve.Data, MaxRedirects = 0 });
        Assert.Equal(409, refused.Status);
        Assert.Contains("is Abandoned; it cannot be approved.", await refused.TextAsync(), StringComparison.Ordinal);
        Assert.Equal("Abandoned", (await world.RunAsync(id)).GetProperty("status").GetString());
        Assert.Equal(before, await world.PositionsAsync());
        await page.GotoAsync("/admin/settlement");
        await Expect(page.Locator($"tr[data-run='{id}']")).ToContainTextAsync("Abandoned");
    }

    [Fact]
    public async Task A_run_whose_positions_moved_since_its_preview_is_refused_as_stale_and_moves_nothing()
    {
        await world.TradeAcrossSectorsAsync(700);
        var page = await SignedInAsync(world.AdminEmail, "/admin/settlement");
        var id = await PreviewAsync(page, "Transfer agreed last week");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(page.Locator("[data-status]")).ToHaveTextAsync("Approved");
        await world.TradeAcrossSectorsAsync(300);
        var moved = await world.PositionsAsync();

        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(409, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("is stale: the positions of food, housing moved since its preview");
        await Expect(page.Locator("[data-status]")).ToHaveTextAsync("Abandoned");
        await Expect(page.GetByRole(AriaRole.Button)).ToHaveTextAsync(["Sign out"]);
        Assert.Equal("Abandoned", (await world.RunAsync(id)).GetProperty("status").GetString());
        Assert.Equal(moved, await world.PositionsAsync());
    }

    [Fact]
    public async Task A_preview_without_a_reference_is_refused_with_the_ledgers_message_and_creates_no_run()
    {
        var runs = await world.RunCountAsync();
        var page = await SignedInAsync(world.AdminEmail, "/admin/settlement");

        await page.GetByLabel(new Regex("^Reference")).FillAsync("   ");
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Preview a settlement run" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, answer.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("reference is required.");
        await Expect(page.Locator("tr[data-exchange='food']")).ToHaveCountAsync(1);
        Assert.Equal(runs, await world.RunCountAsync());
    }

    [Fact]
    public async Task A_run_above_the_threshold_needs_another_administrator_to_approve_it()
    {
        await world.TradeAcrossSectorsAsync(SettlementWorld.SecondApprovalAbove + 1_000);
        var page = await SignedInAsync(world.AdminEmail, "/admin/settlement");
        var id = await PreviewAsync(page, "Large transfer");
        Assert.True((await world.RunAsync(id)).GetProperty("needsSecondApprover").GetBoolean());
        var before = await world.PositionsAsync();

        // Not offered to the administrator who previewed it; sent anyway, the ledger refuses it and the page says why.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-needs-other-approver]")).ToBeVisibleAsync();
        var forged = page.Context.APIRequest.CreateFormData();
        forged.Set("__RequestVerificationToken", await page.Locator("[name=__RequestVerificationToken]").First.InputValueAsync());
        var refused = await page.Context.APIRequest.PostAsync($"/admin/settlement/runs/{id}?handler=Approve", new() { Form = forged, MaxRedirects = 0 });

        Assert.Equal(403, refused.Status);
        Assert.Contains("Another administrator must approve this run: it is above the amount one administrator may approve alone, and you previewed it.",
            await refused.TextAsync(), StringComparison.Ordinal);
        Assert.Equal("Previewed", (await world.RunAsync(id)).GetProperty("status").GetString());

        var (second, _) = await world.Factory.CreateUserAsync("Admin");
        var other = await SignedInAsync(second, $"/admin/settlement/runs/{id}");
        await other.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(other.GetByRole(AriaRole.Status)).ToHaveTextAsync("The run is approved: it can be posted.");
        await other.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();

        await Expect(other.GetByRole(AriaRole.Status)).ToContainTextAsync("The run is posted");
        var run = await world.RunAsync(id);
        Assert.Equal("Posted", run.GetProperty("status").GetString());
        var after = await world.PositionsAsync();
        Assert.All(run.GetProperty("positions").EnumerateArray(), line =>
        {
            var exchange = line.GetProperty("exchangeId").GetString()!;
            Assert.Equal(before[exchange], line.GetProperty("positionBefore").GetInt64());
            Assert.Equal(line.GetProperty("positionAfter").GetInt64(), after[exchange]);
        });
    }

    [Fact]
    public async Task A_member_is_refused_the_settlement_pages_and_a_forged_form_changes_nothing()
    {
        await world.TradeAcrossSectorsAsync(500);
        var admin = await SignedInAsync(world.AdminEmail, "/admin/settlement");
        var id = await PreviewAsync(admin, "Previewed by the administrator");
        var runs = await world.RunCountAsync();
        var member = await world.NewMemberAsync();
        var page = await SignedInAsync(member.Email, "/me/accounts");
        var token = await page.Locator("[name=__RequestVerificationToken]").First.InputValueAsync();

        foreach (var path in (string[])["/admin/settlement", $"/admin/settlement/runs/{id}"])
        {
            var answer = await page.GotoAsync(path);
            Assert.Equal(403, answer!.Status);
            await Expect(page).ToHaveURLAsync(new Regex("/denied"));
        }

        foreach (var (path, handler) in new[] { ("/admin/settlement", "Preview"), ($"/admin/settlement/runs/{id}", "Approve"), ($"/admin/settlement/runs/{id}", "Abandon") })
        {
            var form = page.Context.APIRequest.CreateFormData();
            form.Set("__RequestVerificationToken", token);
            form.Set("Reference", "Forged");
            var answer = await page.Context.APIRequest.PostAsync($"{path}?handler={handler}", new() { Form = form });
            Assert.Equal(403, answer.Status);
            Assert.EndsWith("/denied", new Uri(answer.Url).AbsolutePath, StringComparison.Ordinal);
        }

        Assert.Equal(runs, await world.RunCountAsync());
        Assert.Equal("Previewed", (await world.RunAsync(id)).GetProperty("status").GetString());
        await admin.GetByRole(AriaRole.Button, new() { Name = "Abandon" }).ClickAsync();
        await Expect(admin.Locator("[data-status]")).ToHaveTextAsync("Abandoned");
    }

    [Fact]
    public async Task An_administrator_clears_a_ring_of_obligations_and_the_requests_are_set_off()
    {
        var (a, b) = (await world.NewMemberAsync("care"), await world.NewMemberAsync("care"));
        var aOwes = await world.OweAsync(payer: a, payee: b, 3_000);
        var bOwes = await world.OweAsync(payer: b, payee: a, 2_000);
        var page = await SignedInAsync(world.AdminEmail, "/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Clearing obligations" }).ClickAsync();

        await page.GetByLabel("Exchange").SelectOptionAsync("care");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview a clearing run" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/admin/clearing/runs/[0-9a-f-]{36}$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Clearing run previewed: 2 obligation(s)");
        await Expect(page.Locator("[data-total]")).ToHaveTextAsync("40.00 credits");
        await Expect(page.Locator($"tr[data-line='{aOwes}'] td.amount")).ToHaveTextAsync(["30.00 credits", "20.00 credits", "10.00 credits"]);
        await Expect(page.Locator($"tr[data-line='{bOwes}'] td.amount")).ToHaveTextAsync(["20.00 credits", "20.00 credits", "0.00 credits"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The run is approved: it can be posted.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The run is posted: 40.00 credits of obligations set off.");
        await Expect(page.Locator("[data-status]")).ToHaveTextAsync("Posted");
        var id = Guid.Parse(new Regex("([0-9a-f-]{36})$").Match(page.Url).Groups[1].Value);
        Assert.Equal("Posted", (await world.GetAsync($"/api/ledger/clearing-runs/{id}")).GetProperty("status").GetString());
        var (first, second) = (await world.GetAsync($"/api/ledger/payment-requests/{aOwes}"), await world.GetAsync($"/api/ledger/payment-requests/{bOwes}"));
        Assert.Equal(("Accepted", 2_000L, 1_000L), (first.GetProperty("status").GetString(), first.GetProperty("clearedAmount").GetInt64(), first.GetProperty("outstanding").GetInt64()));
        Assert.Equal(("Cleared", 2_000L), (second.GetProperty("status").GetString(), second.GetProperty("clearedAmount").GetInt64()));
    }

    [Fact]
    public async Task A_clearing_run_without_an_exchange_is_refused_with_the_ledgers_message_and_creates_no_run()
    {
        var runs = await world.RunCountAsync("clearing-runs");
        var page = await SignedInAsync(world.AdminEmail, "/admin/clearing");

        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Preview a clearing run" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, answer.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("exchangeId is required: the exchange whose obligations to clear.");
        Assert.Equal(runs, await world.RunCountAsync("clearing-runs"));
    }

    private Task<IPage> SignedInAsync(string email, string path) => MemberPages.SignedInAtAsync(world, email, path);

    /// <summary>Previews a run from the positions page; the run's id, from the page it lands on.</summary>
    private static async Task<Guid> PreviewAsync(IPage page, string reference)
    {
        await page.GetByLabel(new Regex("^Reference")).FillAsync(reference);
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview a settlement run" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(RunAddress());
        return Guid.Parse(RunAddress().Match(page.Url).Groups[1].Value);
    }

    /// <summary>The fields of the page's form for <paramref name="handler"/>, to send it again later as the browser would.</summary>
    private static async Task<(string Action, IFormData Data)> FormAsync(IPage page, string handler)
    {
        var form = page.Locator($"form[action*='handler={handler}']");
        var data = page.Context.APIRequest.CreateFormData();
        data.Set("__RequestVerificationToken", await form.Locator("[name=__RequestVerificationToken]").InputValueAsync());
        return ((await form.GetAttributeAsync("action"))!, data);
    }

    private static string Credits(long hundredths) => SolidarityMarket.Web.Catalog.Display.Credits(hundredths);

    [GeneratedRegex("/admin/settlement/runs/([0-9a-f-]{36})$")]
    private static partial Regex RunAddress();
}
