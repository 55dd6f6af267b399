using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Ledger.Data;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>
/// The holder check of <c>POST /api/ledger/transfers</c> runs in the ledger writer's batch transaction (ADR 0013),
/// not on the request: it must still be exact (a holder change committed just before counts), answer exactly as
/// before, log the refusal, and leave the rest of a batch alone.
/// </summary>
public sealed class HolderCheckTests(LedgerHost host) : IClassFixture<LedgerHost>
{
    [Fact]
    public async Task A_refused_payment_answers_the_same_not_found_as_an_account_that_does_not_exist()
    {
        var victim = await host.NewMemberAsync();
        var thief = await host.NewMemberAsync();
        var unknown = Guid.NewGuid();
        var before = await host.SnapshotAsync();

        var refused = await AssertProblemAsync(await thief.Client.PayAsync(victim.AccountId, thief.AccountId, 100), HttpStatusCode.NotFound);
        var missing = await AssertProblemAsync(await thief.Client.PayAsync(unknown, thief.AccountId, 100), HttpStatusCode.NotFound);

        Assert.Equal($"Account {victim.AccountId} was not found.", refused.GetProperty("detail").GetString());
        Assert.Equal($"Account {unknown} was not found.", missing.GetProperty("detail").GetString());
        Assert.Equal(Shape(missing), Shape(refused));
        await host.AssertUnchangedSinceAsync(before);
        Assert.Contains(host.Logs.Entries, e => e.Message.Contains(thief.UserId, StringComparison.Ordinal) && e.Message.Contains(victim.AccountId.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_holder_added_in_the_database_just_before_the_payment_may_spend_and_one_removed_may_not()
    {
        var owner = await host.NewMemberAsync();
        var staff = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        await AssertProblemAsync(await staff.Client.PayAsync(owner.AccountId, payee.AccountId, 100), HttpStatusCode.NotFound);

        // Committed, then the payment at once: the writer reads the holders inside its own later transaction.
        await host.WithDbAsync(async db =>
        {
            db.Set<AccountHolder>().Add(new AccountHolder { AccountId = owner.AccountId, UserId = staff.UserId });
            return await db.SaveChangesAsync();
        });
        await staff.Client.PayOkAsync(owner.AccountId, payee.AccountId, 300);

        await host.WithDbAsync(async db => await db.Set<AccountHolder>().Where(h => h.AccountId == owner.AccountId && h.UserId == staff.UserId).ExecuteDeleteAsync());
        var before = await host.SnapshotAsync();
        await AssertProblemAsync(await staff.Client.PayAsync(owner.AccountId, payee.AccountId, 100), HttpStatusCode.NotFound);
        await host.AssertUnchangedSinceAsync(before);

        Assert.Equal(300, await payee.Client.BalanceAsync(payee.AccountId));
        Assert.Equal(-300, await owner.Client.BalanceAsync(owner.AccountId));
    }

    [Fact]
    public async Task Refused_payments_batched_with_accepted_ones_change_nothing_and_the_others_all_apply()
    {
        var payer = await host.NewMemberAsync();
        var thief = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();

        // Sent together, so the writer takes many of them into one batch, the refused ones among the accepted.
        var honest = Enumerable.Range(0, 24).Select(_ => payer.Client.PayAsync(payer.AccountId, payee.AccountId, 10));
        var stolen = Enumerable.Range(0, 24).Select(_ => thief.Client.PayAsync(payer.AccountId, thief.AccountId, 10_000));
        var responses = await Task.WhenAll(honest.Concat(stolen));

        Assert.All(responses.Take(24), r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        foreach (var response in responses.Skip(24))
        {
            await AssertProblemAsync(response, HttpStatusCode.NotFound);
        }

        Assert.Equal(240, await payee.Client.BalanceAsync(payee.AccountId));
        Assert.Equal(-240, await payer.Client.BalanceAsync(payer.AccountId));
        Assert.Equal(0, await thief.Client.BalanceAsync(thief.AccountId));
        await host.Admin.AssertEveryExchangeZeroSumAsync();
    }

    [Fact]
    public async Task A_non_holder_replaying_a_members_transfer_with_identical_fields_gets_not_found_and_not_the_stored_transfer()
    {
        var member = await host.NewMemberAsync();
        var payee = await host.NewMemberAsync();
        var snoop = await host.NewMemberAsync();
        var id = Guid.NewGuid();
        await member.Client.PayOkAsync(member.AccountId, payee.AccountId, 400, id, memo: "rent share");
        var before = await host.SnapshotAsync();

        // The holder check comes before the replay: the stored outcome (200 with the transfer) is for holders only.
        var replay = await snoop.Client.PayAsync(member.AccountId, payee.AccountId, 400, id, memo: "rent share");
        var problem = await AssertProblemAsync(replay, HttpStatusCode.NotFound);

        Assert.Equal($"Account {member.AccountId} was not found.", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("rent share", problem.GetRawText(), StringComparison.Ordinal);
        await host.AssertUnchangedSinceAsync(before);
        Assert.Equal(HttpStatusCode.OK, (await member.Client.PayAsync(member.AccountId, payee.AccountId, 400, id, memo: "rent share")).StatusCode);
    }

    private static (int, string?, string?) Shape(JsonElement problem) =>
        (problem.GetProperty("status").GetInt32(), problem.GetProperty("title").GetString(), problem.GetProperty("type").GetString());
}
