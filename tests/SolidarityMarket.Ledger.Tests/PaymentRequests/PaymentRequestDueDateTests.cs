using System.Net;
using SolidarityMarket.Ledger.Tests.Api;
using static SolidarityMarket.Ledger.Tests.PaymentRequests.PaymentRequestApi;

namespace SolidarityMarket.Ledger.Tests.PaymentRequests;

/// <summary>The ledger on a fake clock at 11:59 UTC, when it is still the previous day at UTC−12.</summary>
public sealed class PaymentRequestClockHost : FakeClockLedgerHost
{
    public static readonly DateTimeOffset Start = new(2030, 6, 15, 11, 59, 0, TimeSpan.Zero);

    public PaymentRequestClockHost()
        : base(Start)
    {
    }
}

/// <summary>
/// "Not in the past" means: that day is not over anywhere on Earth (UTC−12). A retry is answered from what was
/// stored, even once the due date has passed.
/// </summary>
public sealed class PaymentRequestDueDateTests(PaymentRequestClockHost host) : IClassFixture<PaymentRequestClockHost>
{
    private static readonly DateOnly UtcToday = new(2030, 6, 15);

    [Fact]
    public async Task Yesterday_in_UTC_is_accepted_while_it_is_still_that_day_somewhere_and_refused_after()
    {
        var payee = await host.NewMemberAsync();
        var payer = await host.NewMemberAsync();
        host.Clock.SetUtcNow(PaymentRequestClockHost.Start);
        var yesterday = UtcToday.AddDays(-1);

        var id = Guid.CreateVersion7();
        var created = await ExpectAsync(await payee.Client.CreateAsync(id, payee.AccountId, payer.AccountId, 100, "Late", yesterday), HttpStatusCode.Created);
        Assert.Equal(yesterday, created.DueDate);
        await AssertProblemAsync(await payee.Client.CreateAsync(Guid.CreateVersion7(), payee.AccountId, payer.AccountId, 100, "Too late", yesterday.AddDays(-1)), HttpStatusCode.BadRequest, field: "dueDate");

        host.Clock.Advance(TimeSpan.FromMinutes(2)); // 12:01 UTC: the 14th is over everywhere

        await AssertProblemAsync(await payee.Client.CreateAsync(Guid.CreateVersion7(), payee.AccountId, payer.AccountId, 100, "Late", yesterday), HttpStatusCode.BadRequest, field: "dueDate");
        Assert.Equal(created, await ExpectAsync(await payee.Client.CreateAsync(id, payee.AccountId, payer.AccountId, 100, "Late", yesterday), HttpStatusCode.OK));
        // An overdue request can still be paid.
        Assert.Equal("Paid", (await ExpectAsync(await payer.Client.AcceptAsync(id, payNow: true), HttpStatusCode.OK)).Status);
    }
}
