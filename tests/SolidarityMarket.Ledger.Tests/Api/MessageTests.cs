using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Contracts.Ledger;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ledger.Tests.Api.LedgerApi;

namespace SolidarityMarket.Ledger.Tests.Api;

/// <summary>
/// The ledger with food charging 100 bp, plus a temporary receive endpoint on the in-memory bus
/// (<see cref="IReceiveConnector.ConnectReceiveEndpoint(string, Action{IReceiveEndpointConfigurator})"/>) that
/// collects the ledger's replies to Ordering's commands.
/// </summary>
public sealed class MessagingLedgerHost : LedgerHost
{
    private HostReceiveEndpointHandle? _replies;

    public ConcurrentQueue<object> Replies { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => new Dictionary<string, string?>
    {
        ["Ledger:Exchanges:0:Id"] = "food",
        ["Ledger:Exchanges:0:FeeBasisPoints"] = "100",
        ["Ledger:Exchanges:1:Id"] = "care",
    };

    public IBus Bus => Services.GetRequiredService<IBus>();

    public async Task ListenAsync()
    {
        if (_replies is not null)
        {
            return;
        }

        _replies = Bus.ConnectReceiveEndpoint($"ledger-tests-replies-{Guid.NewGuid():N}", e =>
        {
            e.Handler<CreditsHeld>(c => Collect(c.Message));
            e.Handler<CreditHoldRejected>(c => Collect(c.Message));
            e.Handler<CreditSettlementRejected>(c => Collect(c.Message));
        });
        await _replies.Ready;
    }

    public async Task SendAsync<T>(string queue, T message)
        where T : class => await (await Bus.GetSendEndpoint(new Uri($"queue:{queue}"))).Send(message);

    /// <summary>Waits for the <paramref name="count"/>-th reply of type <typeparamref name="T"/> matching <paramref name="match"/>.</summary>
    public async Task<T> ReplyAsync<T>(Func<T, bool> match, int count = 1)
        where T : class =>
        await Eventually.GetAsync(
            () => Task.FromResult(Replies.OfType<T>().Where(match).Skip(count - 1).FirstOrDefault()),
            TimeSpan.FromSeconds(15), $"reply #{count} {typeof(T).Name}");

    public override async ValueTask DisposeAsync()
    {
        if (_replies is not null)
        {
            await _replies.StopAsync();
        }

        await base.DisposeAsync();
    }

    private Task Collect(object message)
    {
        Replies.Enqueue(message);
        return Task.CompletedTask;
    }
}

/// <summary>Ordering's commands to hold, post and void credit payments, and the ledger's replies.</summary>
public sealed class MessageTests(MessagingLedgerHost host) : IClassFixture<MessagingLedgerHost>
{
    [Fact]
    public async Task HoldCredits_holds_the_payment_with_its_fee_and_a_redelivery_does_not_hold_twice()
    {
        await host.ListenAsync();
        var buyer = await host.NewMemberAsync("food");
        var vendor = await host.NewMemberAsync("food");
        var command = new HoldCredits(Guid.NewGuid(), Guid.NewGuid(), buyer.UserId, buyer.AccountId, vendor.AccountId, 2_500, "order 17", 3_600);

        await host.SendAsync("ledger-hold-credits", command);

        var held = await host.ReplyAsync<CreditsHeld>(r => r.HoldId == command.HoldId);
        Assert.Equal((command.OrderId, 2_500L, 25L), (held.OrderId, held.Amount, held.Fee));
        Assert.NotNull(held.ExpiresAt);
        var payer = await buyer.Client.AccountAsync(buyer.AccountId);
        Assert.Equal((0L, 2_525L), (payer.Balance, payer.PendingDebits));
        Assert.Equal(2_500, (await vendor.Client.AccountAsync(vendor.AccountId)).PendingCredits);
        var hold = await buyer.Client.TransferAsync(command.HoldId);
        Assert.Equal(("Pending", "Open", command.OrderId.ToString()), (hold.Kind, hold.HoldStatus, hold.OrderReference));
        var before = await host.SnapshotAsync();

        await host.SendAsync("ledger-hold-credits", command); // redelivered

        var again = await host.ReplyAsync<CreditsHeld>(r => r.HoldId == command.HoldId, count: 2);
        Assert.Equal(held, again);
        await host.AssertUnchangedSinceAsync(before);
        Assert.Equal(2_525, (await buyer.Client.AccountAsync(buyer.AccountId)).PendingDebits);
    }

    [Fact]
    public async Task PostHold_moves_the_held_credits_and_VoidHold_releases_them()
    {
        await host.ListenAsync();
        var buyer = await host.NewMemberAsync("food");
        var vendor = await host.NewMemberAsync("care");
        var posted = new HoldCredits(Guid.NewGuid(), Guid.NewGuid(), buyer.UserId, buyer.AccountId, vendor.AccountId, 1_000, "to post", null);
        var voided = new HoldCredits(Guid.NewGuid(), Guid.NewGuid(), buyer.UserId, buyer.AccountId, vendor.AccountId, 400, "to void", null);
        await host.SendAsync("ledger-hold-credits", posted);
        await host.SendAsync("ledger-hold-credits", voided);
        await host.ReplyAsync<CreditsHeld>(r => r.HoldId == posted.HoldId);
        await host.ReplyAsync<CreditsHeld>(r => r.HoldId == voided.HoldId);
        Assert.Equal(1_010 + 404, (await buyer.Client.AccountAsync(buyer.AccountId)).PendingDebits);

        await host.SendAsync("ledger-post-hold", new PostHold(posted.HoldId, posted.OrderId, 800));
        await host.SendAsync("ledger-void-hold", new VoidHold(voided.HoldId, voided.OrderId));

        await Eventually.TrueAsync(
            async () => (await host.Admin.TransferAsync(posted.HoldId)).HoldStatus == "Posted" && (await host.Admin.TransferAsync(voided.HoldId)).HoldStatus == "Voided",
            TimeSpan.FromSeconds(15), "the post and the void");
        var payer = await buyer.Client.AccountAsync(buyer.AccountId);
        Assert.Equal((-808L, 0L), (payer.Balance, payer.PendingDebits)); // 800 + 1 % fee on what was posted
        var payee = await vendor.Client.AccountAsync(vendor.AccountId);
        Assert.Equal((800L, 0L), (payee.Balance, payee.PendingCredits));
        await host.Admin.AssertEveryExchangeZeroSumAsync();
    }

    [Fact]
    public async Task A_buyer_who_does_not_hold_the_payer_account_is_rejected_with_NotAccountHolder()
    {
        await host.ListenAsync();
        var victim = await host.NewMemberAsync("food");
        var buyer = await host.NewMemberAsync("food");
        var before = await host.SnapshotAsync();
        var command = new HoldCredits(Guid.NewGuid(), Guid.NewGuid(), buyer.UserId, victim.AccountId, buyer.AccountId, 100, "not mine", null);

        await host.SendAsync("ledger-hold-credits", command);

        var rejected = await host.ReplyAsync<CreditHoldRejected>(r => r.HoldId == command.HoldId);
        Assert.Equal((command.OrderId, "NotAccountHolder"), (rejected.OrderId, rejected.Reason));
        await host.AssertUnchangedSinceAsync(before);
        Assert.DoesNotContain(host.Replies.OfType<CreditsHeld>(), r => r.HoldId == command.HoldId);
    }

    [Fact]
    public async Task A_hold_beyond_the_limit_or_on_a_frozen_account_is_rejected_with_the_ledgers_reason()
    {
        await host.ListenAsync();
        var buyer = await host.NewMemberAsync("food", debitLimit: 1_000);
        var vendor = await host.NewMemberAsync("food");
        var tooMuch = new HoldCredits(Guid.NewGuid(), Guid.NewGuid(), buyer.UserId, buyer.AccountId, vendor.AccountId, 992, "992 + fee 9 > 1,000", null);
        var unknownPayee = new HoldCredits(Guid.NewGuid(), Guid.NewGuid(), buyer.UserId, buyer.AccountId, Guid.NewGuid(), 10, "nobody", null);
        var before = await host.SnapshotAsync();

        await host.SendAsync("ledger-hold-credits", tooMuch);
        await host.SendAsync("ledger-hold-credits", unknownPayee);

        Assert.Equal("ExceedsDebitLimit", (await host.ReplyAsync<CreditHoldRejected>(r => r.HoldId == tooMuch.HoldId)).Reason);
        Assert.Equal("AccountNotFound", (await host.ReplyAsync<CreditHoldRejected>(r => r.HoldId == unknownPayee.HoldId)).Reason);
        await host.AssertUnchangedSinceAsync(before);

        var freeze = await host.Admin.PostAsJsonAsync($"{Accounts}/{vendor.AccountId}/freeze", new { reason = "test" });
        Assert.True(freeze.IsSuccessStatusCode);
        var frozen = new HoldCredits(Guid.NewGuid(), Guid.NewGuid(), buyer.UserId, buyer.AccountId, vendor.AccountId, 10, "frozen vendor", null);
        var frozenBefore = await host.SnapshotAsync();
        await host.SendAsync("ledger-hold-credits", frozen);
        Assert.Equal("AccountFrozen", (await host.ReplyAsync<CreditHoldRejected>(r => r.HoldId == frozen.HoldId)).Reason);
        await host.AssertUnchangedSinceAsync(frozenBefore);
    }

    [Fact]
    public async Task Settling_an_unknown_or_already_settled_hold_is_reported_back()
    {
        await host.ListenAsync();
        var buyer = await host.NewMemberAsync("food");
        var vendor = await host.NewMemberAsync("food");
        var command = new HoldCredits(Guid.NewGuid(), Guid.NewGuid(), buyer.UserId, buyer.AccountId, vendor.AccountId, 300, "settle twice", null);
        await host.SendAsync("ledger-hold-credits", command);
        await host.ReplyAsync<CreditsHeld>(r => r.HoldId == command.HoldId);
        await host.SendAsync("ledger-void-hold", new VoidHold(command.HoldId, command.OrderId));
        await Eventually.TrueAsync(async () => (await host.Admin.TransferAsync(command.HoldId)).HoldStatus == "Voided", TimeSpan.FromSeconds(15), "the void");
        var before = await host.SnapshotAsync();
        var unknown = Guid.NewGuid();

        await host.SendAsync("ledger-post-hold", new PostHold(command.HoldId, command.OrderId, null));
        await host.SendAsync("ledger-post-hold", new PostHold(unknown, Guid.NewGuid(), null));

        var late = await host.ReplyAsync<CreditSettlementRejected>(r => r.HoldId == command.HoldId);
        Assert.Equal(("post", "PendingAlreadyVoided"), (late.Action, late.Reason));
        Assert.Equal("PendingNotFound", (await host.ReplyAsync<CreditSettlementRejected>(r => r.HoldId == unknown)).Reason);
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task An_orders_hold_is_settled_through_Ordering_or_an_administrator_never_by_buyer_or_vendor_through_the_API()
    {
        await host.ListenAsync();
        var buyer = await host.NewMemberAsync("food");
        var vendor = await host.NewMemberAsync("care");
        var order = new HoldCredits(Guid.NewGuid(), Guid.NewGuid(), buyer.UserId, buyer.AccountId, vendor.AccountId, 1_000, "order 42", null);
        var other = new HoldCredits(Guid.NewGuid(), Guid.NewGuid(), buyer.UserId, buyer.AccountId, vendor.AccountId, 200, "order 43", null);
        await host.SendAsync("ledger-hold-credits", order);
        await host.SendAsync("ledger-hold-credits", other);
        await host.ReplyAsync<CreditsHeld>(r => r.HoldId == order.HoldId);
        await host.ReplyAsync<CreditsHeld>(r => r.HoldId == other.HoldId);
        var before = await host.SnapshotAsync();

        // The buyer voiding it, or posting 0.01 of it, would leave the order paid with nothing held for the co-op.
        await AssertProblemAsync(await buyer.Client.VoidHoldAsync(order.HoldId), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await buyer.Client.PostHoldAsync(order.HoldId, 1), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await buyer.Client.PostHoldAsync(order.HoldId), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await buyer.Client.VoidHoldAsync(DeterministicId.Derive(order.HoldId, "fee")), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await vendor.Client.VoidHoldAsync(order.HoldId), HttpStatusCode.Forbidden);

        await host.AssertUnchangedSinceAsync(before);
        await host.SendAsync("ledger-post-hold", new PostHold(order.HoldId, order.OrderId, null));
        await Eventually.TrueAsync(async () => (await host.Admin.TransferAsync(order.HoldId)).HoldStatus == "Posted", TimeSpan.FromSeconds(15), "Ordering's post");
        Assert.Equal(1_000, await vendor.Client.BalanceAsync(vendor.AccountId));
        await CreatedAsync(await host.Admin.VoidHoldAsync(other.HoldId)); // an administrator may settle one by hand
        Assert.Equal("Voided", (await host.Admin.TransferAsync(other.HoldId)).HoldStatus);
        await host.Admin.AssertEveryExchangeZeroSumAsync();
    }

    [Fact]
    public async Task A_buyer_cannot_squat_the_id_of_the_orders_post_so_Ordering_still_posts_it()
    {
        await host.ListenAsync();
        var buyer = await host.NewMemberAsync("food");
        var vendor = await host.NewMemberAsync("food");
        var order = new HoldCredits(Guid.CreateVersion7(), Guid.NewGuid(), buyer.UserId, buyer.AccountId, vendor.AccountId, 1_000, "order 46", null);
        await host.SendAsync("ledger-hold-credits", order);
        await host.ReplyAsync<CreditsHeld>(r => r.HoldId == order.HoldId);
        var before = await host.SnapshotAsync();

        // The buyer knows the order id (= the hold id) from the checkout, hence the post's derived id. Taken by a
        // 0.01 trade, it made Ordering's post a conflict for good: the hold expired and the vendor was never paid.
        var postId = DeterministicId.Derive(order.HoldId, "post");
        var squat = await buyer.Client.PayAsync(buyer.AccountId, vendor.AccountId, 1, postId);
        var linked = await host.Admin.PostAsJsonAsync(Transfers, new
        {
            linked = new[] { new { id = postId, debitAccountId = buyer.AccountId, creditAccountId = vendor.AccountId, amount = 1L } },
        });

        await AssertProblemAsync(squat, HttpStatusCode.BadRequest);
        var problem = await AssertProblemAsync(linked, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("linked[0].id", out _), problem.ToString());
        await host.AssertUnchangedSinceAsync(before);
        await host.SendAsync("ledger-post-hold", new PostHold(order.HoldId, order.OrderId, null));
        await Eventually.TrueAsync(async () => (await host.Admin.TransferAsync(order.HoldId)).HoldStatus == "Posted", TimeSpan.FromSeconds(15), "Ordering's post");
        Assert.Equal(1_000, await vendor.Client.BalanceAsync(vendor.AccountId));
        Assert.DoesNotContain(host.Replies.OfType<CreditSettlementRejected>(), r => r.HoldId == order.HoldId);
    }

    [Fact]
    public async Task A_HoldCredits_under_a_version_8_id_is_rejected_as_reserved()
    {
        await host.ListenAsync();
        var buyer = await host.NewMemberAsync("food");
        var vendor = await host.NewMemberAsync("food");
        var order = new HoldCredits(Guid.CreateVersion7(), Guid.NewGuid(), buyer.UserId, buyer.AccountId, vendor.AccountId, 700, "order 47", null);
        var squatting = order with { HoldId = DeterministicId.Derive(order.HoldId, "void"), OrderId = Guid.NewGuid() };
        var before = await host.SnapshotAsync();

        await host.SendAsync("ledger-hold-credits", squatting);

        var rejected = await host.ReplyAsync<CreditHoldRejected>(r => r.HoldId == squatting.HoldId);
        Assert.Equal("ReservedId", rejected.Reason);
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task A_HoldCredits_redelivered_after_the_buyer_stopped_holding_the_account_answers_the_stored_hold()
    {
        await host.ListenAsync();
        var buyer = await host.NewMemberAsync("food");
        var vendor = await host.NewMemberAsync("care");
        var command = new HoldCredits(Guid.NewGuid(), Guid.NewGuid(), buyer.UserId, buyer.AccountId, vendor.AccountId, 2_000, "order 44", 3_600);
        await host.SendAsync("ledger-hold-credits", command);
        var held = await host.ReplyAsync<CreditsHeld>(r => r.HoldId == command.HoldId);
        Assert.Equal(20, held.Fee);
        await host.WithDbAsync(db => db.Set<AccountHolder>().Where(h => h.AccountId == buyer.AccountId).ExecuteDeleteAsync());
        var before = await host.SnapshotAsync();

        // Re-checking the holder (or re-planning at a changed fee rate) refused a hold that exists: Ordering then
        // rejected the order while its credits stayed held.
        await host.SendAsync("ledger-hold-credits", command);

        var again = await host.ReplyAsync<CreditsHeld>(r => r.HoldId == command.HoldId, count: 2);
        Assert.Equal(held, again);
        Assert.DoesNotContain(host.Replies.OfType<CreditHoldRejected>(), r => r.HoldId == command.HoldId);
        await host.AssertUnchangedSinceAsync(before);
    }

    [Fact]
    public async Task A_HoldCredits_under_an_id_a_member_already_used_for_an_identical_hold_is_rejected_not_answered_as_held()
    {
        await host.ListenAsync();
        var buyer = await host.NewMemberAsync("food");
        var vendor = await host.NewMemberAsync("care");
        var command = new HoldCredits(Guid.NewGuid(), Guid.NewGuid(), buyer.UserId, buyer.AccountId, vendor.AccountId, 1_500, "order 45", 3_600);

        // The buyer learns the order id from the checkout's answer and races Ordering's HoldCredits with the same fields.
        var own = await buyer.Client.PostAsJsonAsync("/api/ledger/transfers", new
        {
            id = command.HoldId,
            debitAccountId = command.PayerAccountId,
            creditAccountId = command.PayeeAccountId,
            amount = command.Amount,
            memo = command.Memo,
            orderReference = command.OrderId.ToString(),
            hold = true,
            holdTimeoutSeconds = command.TimeoutSeconds,
        });
        await CreatedAsync(own);
        await host.SendAsync("ledger-hold-credits", command);

        // Answered CreditsHeld, Ordering would count on a hold the buyer may void at will.
        var rejected = await host.ReplyAsync<CreditHoldRejected>(r => r.HoldId == command.HoldId);
        Assert.Equal("IdAlreadyUsedWithDifferentFields", rejected.Reason);
        Assert.DoesNotContain(host.Replies.OfType<CreditsHeld>(), r => r.HoldId == command.HoldId);
    }
}
