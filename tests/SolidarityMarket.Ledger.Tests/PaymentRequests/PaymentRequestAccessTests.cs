using System.Net;
using SolidarityMarket.Ledger.Tests.Api;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Ledger.Tests.PaymentRequests.PaymentRequestApi;

namespace SolidarityMarket.Ledger.Tests.PaymentRequests;

/// <summary>Parties and administrators see a request; the payer's side accepts, pays and declines, the payee's side cancels.</summary>
public sealed class PaymentRequestAccessTests(PaymentRequestHost host) : IClassFixture<PaymentRequestHost>
{
    [Fact]
    public async Task A_stranger_gets_404_for_everything_and_changes_nothing()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var stranger = await host.NewMemberAsync();
        var request = await payee.RequestAsync(payer, 600);
        await ExpectAsync(await payer.Client.AcceptAsync(request.Id, payNow: false), HttpStatusCode.OK);
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await stranger.Client.GetRequestAsync(request.Id), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await stranger.Client.AcceptAsync(request.Id, payNow: true), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await stranger.Client.AcceptAsync(request.Id, payNow: false), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await stranger.Client.PayRequestAsync(request.Id), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await stranger.Client.DeclineAsync(request.Id), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await stranger.Client.CancelAsync(request.Id), HttpStatusCode.NotFound, "not-found");
        Assert.Equal(0, (await stranger.Client.ListAsync()).Total);

        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task An_unknown_request_is_404()
    {
        var member = await host.NewMemberAsync();
        var id = Guid.CreateVersion7();

        await AssertProblemAsync(await member.Client.GetRequestAsync(id), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await member.Client.AcceptAsync(id, payNow: true), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await member.Client.PayRequestAsync(id), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await member.Client.DeclineAsync(id), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await member.Client.CancelAsync(id), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task The_payee_can_neither_accept_pay_nor_decline()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var open = await payee.RequestAsync(payer, 600);
        var accepted = await payee.RequestAsync(payer, 700);
        await ExpectAsync(await payer.Client.AcceptAsync(accepted.Id, payNow: false), HttpStatusCode.OK);
        var before = await host.SnapshotAsync();

        Assert.Equal(open, await payee.Client.ViewAsync(open.Id)); // the payee sees it...
        await AssertProblemAsync(await payee.Client.AcceptAsync(open.Id, payNow: true), HttpStatusCode.Forbidden, "forbidden"); // ...but cannot act as the payer
        await AssertProblemAsync(await payee.Client.AcceptAsync(open.Id, payNow: false), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await payee.Client.DeclineAsync(open.Id), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await payee.Client.PayRequestAsync(accepted.Id), HttpStatusCode.Forbidden, "forbidden");

        await host.AssertUnchangedSinceAsync(before);
        Assert.Equal(0, await payee.Client.BalanceAsync(payee.AccountId));
    }

    [Fact]
    public async Task The_payer_cannot_cancel()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var open = await payee.RequestAsync(payer, 600);
        var before = await host.SnapshotAsync();

        await AssertProblemAsync(await payer.Client.CancelAsync(open.Id), HttpStatusCode.Forbidden, "forbidden");

        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task Only_a_holder_of_the_payee_account_can_ask_from_it()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var id = Guid.CreateVersion7();

        // The payer tries to create a request "from" the payee's account to itself.
        await AssertProblemAsync(await payer.Client.CreateAsync(id, payee.AccountId, payer.AccountId, 100), HttpStatusCode.NotFound, "not-found");

        Assert.Equal(0, await host.CountRequestsAsync(id));
    }

    [Fact]
    public async Task Administrators_see_every_request_and_the_obligations_others_may_not()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        var request = await payee.RequestAsync(payer, 600);

        Assert.Equal(request, await host.Admin.ViewAsync(request.Id));
        await AssertProblemAsync(await payer.Client.GetAsync("/api/ledger/obligations"), HttpStatusCode.Forbidden);
        var (vendor, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        await AssertProblemAsync(await vendor.GetAsync("/api/ledger/obligations"), HttpStatusCode.Forbidden);
        await host.Admin.ObligationsAsync();
    }
}
