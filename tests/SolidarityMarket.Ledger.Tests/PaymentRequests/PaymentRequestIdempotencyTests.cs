using System.Net;
using SolidarityMarket.Ledger.Tests.Api;
using static SolidarityMarket.Ledger.Tests.PaymentRequests.PaymentRequestApi;

namespace SolidarityMarket.Ledger.Tests.PaymentRequests;

/// <summary>The client's id makes creation idempotent: same fields → 200 with the stored request, other fields → 409.</summary>
public sealed class PaymentRequestIdempotencyTests(PaymentRequestHost host) : IClassFixture<PaymentRequestHost>
{
    [Fact]
    public async Task The_same_id_with_the_same_fields_returns_the_stored_request()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var due = Due;
        var first = await payee.RequestAsync(payer, 900, "Repairs", due);

        var again = await ExpectAsync(await payee.Client.CreateAsync(first.Id, payee.AccountId, payer.AccountId, 900, "Repairs", due), HttpStatusCode.OK);

        Assert.Equal(first, again);
        Assert.Equal(1, await host.CountRequestsAsync(first.Id));
    }

    [Fact]
    public async Task The_same_id_with_any_other_field_is_a_conflict_and_changes_nothing()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var other = await host.NewMemberAsync();
        var due = Due;
        var first = await payee.RequestAsync(payer, 900, "Repairs", due);
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payee.Client.CreateAsync(first.Id, payee.AccountId, payer.AccountId, 901, "Repairs", due), HttpStatusCode.Conflict, "id-already-used-with-different-fields");
        await AssertProblemAsync(await payee.Client.CreateAsync(first.Id, payee.AccountId, payer.AccountId, 900, "Repairs!", due), HttpStatusCode.Conflict, "id-already-used-with-different-fields");
        await AssertProblemAsync(await payee.Client.CreateAsync(first.Id, payee.AccountId, payer.AccountId, 900, "Repairs", due.AddDays(1)), HttpStatusCode.Conflict, "id-already-used-with-different-fields");
        await AssertProblemAsync(await payee.Client.CreateAsync(first.Id, payee.AccountId, other.AccountId, 900, "Repairs", due), HttpStatusCode.Conflict, "id-already-used-with-different-fields");
        // Another payee reusing the id: a conflict too (never a second request under one id).
        await AssertProblemAsync(await other.Client.CreateAsync(first.Id, other.AccountId, payer.AccountId, 900, "Repairs", due), HttpStatusCode.Conflict, "id-already-used-with-different-fields");

        await host.AssertUnchangedSinceAsync(before);
        Assert.Equal(first, await payee.Client.ViewAsync(first.Id));
    }

    [Fact]
    public async Task A_retry_after_the_request_moved_on_still_returns_it_as_it_is_now()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var due = Due;
        var first = await payee.RequestAsync(payer, 700, "Soap", due);
        var paid = await ExpectAsync(await payer.Client.AcceptAsync(first.Id, payNow: true), HttpStatusCode.OK);

        var again = await ExpectAsync(await payee.Client.CreateAsync(first.Id, payee.AccountId, payer.AccountId, 700, "Soap", due), HttpStatusCode.OK);

        Assert.Equal(paid, again);
        Assert.Equal(-700, await payer.Client.BalanceAsync(payer.AccountId));
    }

    [Fact]
    public async Task Concurrent_creations_with_one_id_store_one_request()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var id = Guid.CreateVersion7();
        var due = Due;

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => payee.Client.CreateAsync(id, payee.AccountId, payer.AccountId, 450, "Eggs", due)));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(1, await host.CountRequestsAsync(id));
    }
}
