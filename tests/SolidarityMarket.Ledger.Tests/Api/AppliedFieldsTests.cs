using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Features;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>
/// A stored transfer keeps the code and order reference the ledger applied, beside the request's: a post or void takes
/// its hold's, a reversal its original's order reference. Until 2026-12-01 only the request's were stored (a review
/// found it): read back, such a transfer answered other fields than when it was applied, and a reversal of a posted
/// hold lost the order reference in its journal entry.
/// </summary>
public sealed class AppliedFieldsTests(FeeLedgerHost host) : IClassFixture<FeeLedgerHost>
{
    [Fact]
    public async Task A_posted_fee_hold_reads_back_with_the_code_and_order_reference_it_was_posted_with()
    {
        var payer = await host.NewMemberAsync("food");
        var payee = await host.NewMemberAsync("food");
        var id = Guid.NewGuid();
        await CreatedAsync(await payer.Client.PostAsJsonAsync(Transfers, new
        {
            id, debitAccountId = payer.AccountId, creditAccountId = payee.AccountId, amount = 10_000, orderReference = "order-42", hold = true, holdTimeoutSeconds = 3_600,
        }));

        var posted = await CreatedAsync(await payer.Client.PostHoldAsync(id));
        var feePostId = DeterministicId.Derive(DeterministicId.Derive(id, "fee"), "post");
        var feePost = Assert.Single(posted.Transfers, t => t.Id == feePostId);
        Assert.Equal(("Fee", "order-42"), (feePost.Code, feePost.OrderReference)); // as applied: the hold's code and order

        var stored = await host.Admin.TransferAsync(feePostId);
        Assert.Equal(("Fee", "order-42"), (stored.Code, stored.OrderReference));

        var replay = await payer.Client.PostHoldAsync(id);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(posted.Transfers, (await replay.Content.ReadFromJsonAsync<TransferResultDto>())!.Transfers);
    }

    [Fact]
    public async Task A_reversal_reads_back_with_the_order_reference_it_was_applied_with()
    {
        var payer = await host.NewMemberAsync("care");
        var payee = await host.NewMemberAsync("care");
        var id = Guid.NewGuid();
        await CreatedAsync(await payer.Client.PostAsJsonAsync(Transfers, new
        {
            id, debitAccountId = payer.AccountId, creditAccountId = payee.AccountId, amount = 1_000, orderReference = "order-43",
        }));

        var reversal = Assert.Single((await CreatedAsync(await payee.Client.ReverseAsync(id))).Transfers);
        Assert.Equal("order-43", reversal.OrderReference); // as applied (and in its journal entry)

        Assert.Equal("order-43", (await host.Admin.TransferAsync(reversal.Id)).OrderReference);
        var replay = await payee.Client.ReverseAsync(id);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(reversal, Assert.Single((await replay.Content.ReadFromJsonAsync<TransferResultDto>())!.Transfers));
    }

    [Fact]
    public async Task Reversing_a_posted_hold_keeps_the_holds_order_reference_in_the_journal()
    {
        var payer = await host.NewMemberAsync("care");
        var payee = await host.NewMemberAsync("care");
        var id = Guid.NewGuid();
        await CreatedAsync(await payer.Client.PostAsJsonAsync(Transfers, new
        {
            id, debitAccountId = payer.AccountId, creditAccountId = payee.AccountId, amount = 1_000, orderReference = "order-44", hold = true, holdTimeoutSeconds = 3_600,
        }));
        var post = Assert.Single((await CreatedAsync(await payer.Client.PostHoldAsync(id))).Transfers);
        Assert.Equal("order-44", post.OrderReference);

        var reversal = Assert.Single((await CreatedAsync(await payee.Client.ReverseAsync(post.Id))).Transfers);

        // The reversal takes its original's order reference (request.OrderReference ?? original.OrderReference), so
        // the post, loaded from the database, must come back with the one it was applied with, not its request's (null).
        var statement = (await payee.Client.GetFromJsonAsync<AccountStatement.Statement>($"{Accounts}/{payee.AccountId}/statement"))!;
        Assert.Equal(
            new[] { (post.Id, (string?)"order-44"), (reversal.Id, "order-44") },
            statement.Lines.Select(l => (l.TransferId, l.OrderReference)));
    }

    [Fact]
    public async Task A_post_stored_before_the_applied_fields_is_still_replayed_when_retried()
    {
        var payer = await host.NewMemberAsync("food");
        var payee = await host.NewMemberAsync("food");
        var id = Guid.NewGuid();
        await CreatedAsync(await payer.Client.PostAsJsonAsync(Transfers, new
        {
            id, debitAccountId = payer.AccountId, creditAccountId = payee.AccountId, amount = 10_000, orderReference = "order-45", hold = true, holdTimeoutSeconds = 3_600,
        }));
        await CreatedAsync(await payer.Client.PostHoldAsync(id));
        // As rows were written until 2026-12-01: the request's code and order reference in the applied columns, no request columns.
        var feePostId = DeterministicId.Derive(DeterministicId.Derive(id, "fee"), "post");
        await host.WithDbAsync(db => db.Transfers.Where(t => t.Id == feePostId).ExecuteUpdateAsync(u => u
            .SetProperty(t => t.RequestCode, (TransferCode?)null).SetProperty(t => t.RequestOrderReference, (string?)null)
            .SetProperty(t => t.Code, TransferCode.Trade).SetProperty(t => t.OrderReference, (string?)null)));

        var replay = await payer.Client.PostHoldAsync(id);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(("Trade", (string?)null), ((await host.Admin.TransferAsync(feePostId)).Code, (await host.Admin.TransferAsync(feePostId)).OrderReference));
    }
}
