using System.Net;
using System.Net.Http.Json;
using System.Text;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Exchanges;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>Malformed or forbidden transfer requests: a ProblemDetails with the right status, and nothing changed.</summary>
public sealed class BadInputTests(LedgerHost host) : IClassFixture<LedgerHost>
{
    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    public async Task A_zero_or_negative_amount_is_400(long amount)
    {
        var (payer, payee) = await PairAsync();
        var before = await host.SnapshotAsync();

        var problem = await AssertProblemAsync(await payer.Client.PayAsync(payer.AccountId, payee.AccountId, amount), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("amount", out _));
        await host.AssertUnchangedSinceAsync(before);
    }

    [Theory]
    [InlineData(20_001L)]
    [InlineData(long.MaxValue)]
    public async Task An_amount_beyond_the_limit_or_at_the_top_of_64_bits_is_422(long amount)
    {
        var (payer, payee) = await PairAsync();
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payer.Client.PayAsync(payer.AccountId, payee.AccountId, amount), HttpStatusCode.UnprocessableEntity, "exceeds-debit-limit");
        await AssertProblemAsync(await payer.Client.PayAsync(payer.AccountId, payee.AccountId, amount, hold: true), HttpStatusCode.UnprocessableEntity, "exceeds-debit-limit");

        await host.AssertUnchangedSinceAsync(before);
    }

    [Theory]
    [InlineData("9223372036854775808")] // long.MaxValue + 1
    [InlineData("1.5")]
    [InlineData("1e3")]
    public async Task An_amount_that_is_not_a_64_bit_whole_number_is_400(string amount)
    {
        var (payer, payee) = await PairAsync();
        var before = await host.SnapshotAsync();

        var response = await PostRawAsync(payer.Client, $$"""{"id":"{{Guid.NewGuid()}}","debitAccountId":"{{payer.AccountId}}","creditAccountId":"{{payee.AccountId}}","amount":{{amount}}}""");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        await host.AssertUnchangedSinceAsync(before);
    }

    [Theory]
    [InlineData("id", null)]
    [InlineData("id", "00000000-0000-0000-0000-000000000000")]
    [InlineData("debitAccountId", null)]
    [InlineData("debitAccountId", "00000000-0000-0000-0000-000000000000")]
    [InlineData("creditAccountId", null)]
    [InlineData("creditAccountId", "00000000-0000-0000-0000-000000000000")]
    public async Task A_missing_or_empty_id_is_400_naming_the_field(string field, string? value)
    {
        var (payer, payee) = await PairAsync();
        var body = new Dictionary<string, object?>
        {
            ["id"] = Guid.NewGuid(),
            ["debitAccountId"] = payer.AccountId,
            ["creditAccountId"] = payee.AccountId,
            ["amount"] = 100,
        };
        body[field] = value;
        var before = await host.SnapshotAsync();

        var problem = await AssertProblemAsync(await payer.Client.PostAsJsonAsync(Transfers, body), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        await host.AssertUnchangedSinceAsync(before);
    }

    [Theory]
    [InlineData("{\"id\":\"not-a-guid\",\"debitAccountId\":\"{payer}\",\"creditAccountId\":\"{payee}\",\"amount\":100}")]
    [InlineData("{\"id\":\"{id}\",\"debitAccountId\":\"{payer}x\",\"creditAccountId\":\"{payee}\",\"amount\":100}")]
    [InlineData("{\"id\":12,\"debitAccountId\":\"{payer}\",\"creditAccountId\":\"{payee}\",\"amount\":100}")]
    [InlineData("{\"id\":\"{id}\",\"debitAccountId\":\"{payer}\",\"creditAccountId\":\"{payee}\",\"amount\":100")]
    [InlineData("")]
    public async Task Malformed_json_or_guids_are_400_problem_details(string template)
    {
        var (payer, payee) = await PairAsync();
        var json = template.Replace("{payer}", payer.AccountId.ToString(), StringComparison.Ordinal)
            .Replace("{payee}", payee.AccountId.ToString(), StringComparison.Ordinal)
            .Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await PostRawAsync(payer.Client, json), HttpStatusCode.BadRequest);

        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task An_unknown_payee_is_404_account_not_found()
    {
        var (payer, _) = await PairAsync();
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payer.Client.PayAsync(payer.AccountId, Guid.NewGuid(), 100), HttpStatusCode.NotFound, "account-not-found");
        await AssertProblemAsync(await host.Admin.PayAsync(payer.AccountId, Guid.NewGuid(), 100), HttpStatusCode.NotFound, "account-not-found");

        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task An_unknown_payer_is_404()
    {
        var (payer, payee) = await PairAsync();
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payer.Client.PayAsync(Guid.NewGuid(), payee.AccountId, 100), HttpStatusCode.NotFound); // not theirs: plain not-found
        await AssertProblemAsync(await host.Admin.PayAsync(Guid.NewGuid(), payee.AccountId, 100), HttpStatusCode.NotFound, "account-not-found");

        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task Paying_oneself_is_400_same_account()
    {
        var (payer, _) = await PairAsync();
        var before = await host.SnapshotAsync();

        // The domain classes SameAccount as a malformed request (InvalidRequest → 400), for trades and raw transfers alike.
        await AssertProblemAsync(await payer.Client.PayAsync(payer.AccountId, payer.AccountId, 100), HttpStatusCode.BadRequest, "same-account");
        await AssertProblemAsync(await payer.Client.PayAsync(payer.AccountId, payer.AccountId, 100, hold: true), HttpStatusCode.BadRequest, "same-account");
        await AssertProblemAsync(await host.Admin.PayAsync(payer.AccountId, payer.AccountId, 100, code: "Adjustment"), HttpStatusCode.BadRequest, "same-account");

        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task A_raw_linked_transfer_between_exchanges_is_422_different_exchanges()
    {
        var food = await host.NewMemberAsync("food");
        var care = await host.NewMemberAsync("care");
        var before = await host.SnapshotAsync();

        var response = await host.Admin.PostAsJsonAsync(Transfers, new
        {
            linked = new object[]
            {
                new { id = Guid.NewGuid(), debitAccountId = food.AccountId, creditAccountId = SetUpExchanges.SystemAccountId("food", AccountKind.Reserve), amount = 10, code = "Adjustment" },
                new { id = Guid.NewGuid(), debitAccountId = food.AccountId, creditAccountId = care.AccountId, amount = 100, code = "Settlement" },
            },
        });

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "different-exchanges");
        Assert.Equal(1, problem.GetProperty("failedItemIndex").GetInt32());
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task A_memo_over_500_characters_is_400_and_500_is_fine()
    {
        var (payer, payee) = await PairAsync();
        var before = await host.SnapshotAsync();

        var problem = await AssertProblemAsync(await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 100, memo: new string('x', 501)), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("memo", out _));
        await host.AssertUnchangedSinceAsync(before);
        await payer.Client.PayOkAsync(payer.AccountId, payee.AccountId, 100, memo: new string('x', 500));
    }

    [Fact]
    public async Task Text_that_cannot_be_stored_faithfully_is_400()
    {
        var (payer, payee) = await PairAsync();
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 100, memo: "nul\0inside"), HttpStatusCode.BadRequest, "text-not-storable");

        await host.AssertUnchangedSinceAsync(before);
    }

    [Theory]
    [InlineData("Barter")]
    [InlineData("2")]
    [InlineData("")]
    public async Task An_unknown_code_is_400(string code)
    {
        var (payer, payee) = await PairAsync();
        var before = await host.SnapshotAsync();

        var problem = await AssertProblemAsync(await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 100, code: code), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("code", out _));
        await host.AssertUnchangedSinceAsync(before);
    }

    [Theory]
    [InlineData("Settlement")]
    [InlineData("Fee")]
    [InlineData("Adjustment")]
    [InlineData("Reversal")]
    public async Task A_member_submitting_a_code_other_than_trade_is_403(string code)
    {
        var (payer, payee) = await PairAsync();
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 100, code: code), HttpStatusCode.Forbidden);

        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task The_reversal_code_is_reserved_even_for_administrators()
    {
        var (payer, payee) = await PairAsync();
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await host.Admin.PayAsync(payer.AccountId, payee.AccountId, 100, code: "Reversal"), HttpStatusCode.BadRequest, "reversal-code-reserved");

        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task An_administrator_settles_with_a_raw_transfer_that_charges_no_fee()
    {
        var (payer, payee) = await PairAsync();

        var result = await CreatedAsync(await host.Admin.PayAsync(payer.AccountId, payee.AccountId, 700, code: "Settlement"));

        Assert.Equal(("Settlement", (Guid?)null), (Assert.Single(result.Transfers).Code, result.Transfers[0].TradeId));
        Assert.Equal(700, await payee.Client.BalanceAsync(payee.AccountId));
    }

    [Fact]
    public async Task Spending_from_someone_elses_account_is_404_changes_nothing_and_is_logged()
    {
        var (victim, other) = await PairAsync();
        var thief = await host.NewMemberAsync();
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await thief.Client.PayAsync(victim.AccountId, thief.AccountId, 100), HttpStatusCode.NotFound);
        await AssertProblemAsync(await thief.Client.PayAsync(victim.AccountId, other.AccountId, 100, hold: true), HttpStatusCode.NotFound);
        var linked = await thief.Client.PostAsJsonAsync(Transfers, new
        {
            linked = new object[]
            {
                new { id = Guid.NewGuid(), debitAccountId = thief.AccountId, creditAccountId = other.AccountId, amount = 1 },
                new { id = Guid.NewGuid(), debitAccountId = victim.AccountId, creditAccountId = thief.AccountId, amount = 100 },
            },
        });
        await AssertProblemAsync(linked, HttpStatusCode.NotFound);

        await host.AssertUnchangedSinceAsync(before);
        Assert.Contains(host.Logs.Entries, e => e.Message.Contains(thief.UserId, StringComparison.Ordinal) && e.Message.Contains(victim.AccountId.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_member_cannot_submit_a_raw_linked_batch_which_would_skip_the_trade_fee()
    {
        var (payer, payee) = await PairAsync();
        var before = await host.SnapshotAsync();

        var response = await payer.Client.PostAsJsonAsync(Transfers, new
        {
            linked = new[] { new { id = Guid.NewGuid(), debitAccountId = payer.AccountId, creditAccountId = payee.AccountId, amount = 10_000 } },
        });

        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task Bad_linked_batches_are_400()
    {
        var (payer, payee) = await PairAsync();
        var twice = Guid.NewGuid();
        var before = await host.SnapshotAsync();

        var empty = await payer.Client.PostAsJsonAsync(Transfers, new { linked = Array.Empty<object>() });
        var tooMany = await payer.Client.PostAsJsonAsync(Transfers, new
        {
            linked = Enumerable.Range(0, 65).Select(_ => new { id = Guid.NewGuid(), debitAccountId = payer.AccountId, creditAccountId = payee.AccountId, amount = 1 }).ToArray(),
        });
        var both = await payer.Client.PostAsJsonAsync(Transfers, new
        {
            id = Guid.NewGuid(),
            linked = new[] { new { id = Guid.NewGuid(), debitAccountId = payer.AccountId, creditAccountId = payee.AccountId, amount = 1 } },
        });
        var duplicate = await host.Admin.PostAsJsonAsync(Transfers, new
        {
            linked = new[]
            {
                new { id = twice, debitAccountId = payer.AccountId, creditAccountId = payee.AccountId, amount = 1 },
                new { id = twice, debitAccountId = payer.AccountId, creditAccountId = payee.AccountId, amount = 1 },
            },
        });

        await AssertProblemAsync(empty, HttpStatusCode.BadRequest);
        await AssertProblemAsync(tooMany, HttpStatusCode.BadRequest);
        await AssertProblemAsync(both, HttpStatusCode.BadRequest);
        await AssertProblemAsync(duplicate, HttpStatusCode.BadRequest, "duplicate-id-in-batch");
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task A_null_linked_item_is_400_not_500_for_a_member_or_an_administrator()
    {
        var (payer, payee) = await PairAsync();
        var before = await host.SnapshotAsync();

        var onlyNull = await payer.Client.PostAsync(Transfers, new StringContent("{\"linked\":[null]}", Encoding.UTF8, "application/json"));
        var nullAmongOthers = await host.Admin.PostAsync(Transfers, new StringContent(
            $$"""{"linked":[{"id":"{{Guid.NewGuid()}}","debitAccountId":"{{payer.AccountId}}","creditAccountId":"{{payee.AccountId}}","amount":1,"code":"Adjustment"},null]}""",
            Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(onlyNull, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("linked[0]", out _), problem.ToString());
        problem = await AssertProblemAsync(nullAmongOthers, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("linked[1]", out _), problem.ToString());
        await host.AssertUnchangedSinceAsync(before);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(366L * 24 * 3600 + 1)]
    public async Task A_hold_timeout_out_of_range_is_400(long seconds)
    {
        var (payer, payee) = await PairAsync();
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 100, hold: true, holdTimeoutSeconds: seconds), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await payer.Client.PayAsync(payer.AccountId, payee.AccountId, 100, hold: false, holdTimeoutSeconds: 60), HttpStatusCode.BadRequest);

        await host.AssertUnchangedSinceAsync(before);
    }

    private async Task<(Member Payer, Member Payee)> PairAsync() => (await host.NewMemberAsync(), await host.NewMemberAsync());

    private static Task<HttpResponseMessage> PostRawAsync(HttpClient client, string json) =>
        client.PostAsync(Transfers, new StringContent(json, Encoding.UTF8, "application/json"));
}
