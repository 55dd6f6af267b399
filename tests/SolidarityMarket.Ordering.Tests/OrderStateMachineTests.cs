using SolidarityMarket.Ordering;
using SolidarityMarket.Ordering.Orders;
using static SolidarityMarket.Ordering.Orders.OrderStatus;
using static SolidarityMarket.Ordering.Orders.OrderTrigger;

namespace SolidarityMarket.Ordering.Tests;

/// <summary>
/// Every (status, trigger) pair against an explicit table written from docs/orders.md: the moves, the repeats that
/// are "already applied", the late arrivals to compensate; everything not listed must be refused.
/// </summary>
public sealed class OrderStateMachineTests
{
    private static readonly Dictionary<(OrderStatus, OrderTrigger), OrderStatus> Moves = new()
    {
        [(Submitted, OrderTrigger.StockReserved)] = OrderStatus.StockReserved,
        [(Submitted, StockRejected)] = Rejected,
        [(OrderStatus.StockReserved, PaymentStarted)] = PaymentPending,
        [(OrderStatus.StockReserved, PaymentSucceeded)] = Paid,
        [(PaymentPending, PaymentSucceeded)] = Paid,
        [(OrderStatus.StockReserved, PaymentRefused)] = Cancelled,
        [(PaymentPending, PaymentRefused)] = Cancelled,
        [(Paid, Fulfil)] = Fulfilled,
        [(Fulfilled, ConfirmReceipt)] = Completed,
        [(Fulfilled, AutoComplete)] = Completed,
        [(Submitted, Cancel)] = Cancelled,
        [(OrderStatus.StockReserved, Cancel)] = Cancelled,
        [(PaymentPending, Cancel)] = Cancelled,
        [(Paid, Cancel)] = Cancelled,
        [(Submitted, Expire)] = Cancelled,
        [(OrderStatus.StockReserved, Expire)] = Cancelled,
        [(PaymentPending, Expire)] = Cancelled,
        [(Paid, Dispute)] = Disputed,
        [(Fulfilled, Dispute)] = Disputed,
        [(Disputed, ResolveCompleted)] = Completed,
        [(Disputed, ResolveRefunded)] = Refunded,
    };

    private static readonly HashSet<(OrderStatus, OrderTrigger)> Late =
    [
        (Cancelled, OrderTrigger.StockReserved),
        (Cancelled, PaymentSucceeded),
        (Rejected, PaymentSucceeded),
        (Submitted, PaymentSucceeded),
    ];

    private static readonly HashSet<(OrderStatus, OrderTrigger)> Repeats =
    [
        (OrderStatus.StockReserved, OrderTrigger.StockReserved), (PaymentPending, OrderTrigger.StockReserved), (Paid, OrderTrigger.StockReserved),
        (Fulfilled, OrderTrigger.StockReserved), (Completed, OrderTrigger.StockReserved), (Disputed, OrderTrigger.StockReserved), (Refunded, OrderTrigger.StockReserved),
        (Rejected, StockRejected), (Cancelled, StockRejected),
        (PaymentPending, PaymentStarted), (Paid, PaymentStarted), (Fulfilled, PaymentStarted), (Completed, PaymentStarted), (Disputed, PaymentStarted), (Refunded, PaymentStarted),
        (Paid, PaymentSucceeded), (Fulfilled, PaymentSucceeded), (Completed, PaymentSucceeded), (Disputed, PaymentSucceeded), (Refunded, PaymentSucceeded),
        (Cancelled, PaymentRefused),
        (Fulfilled, Fulfil),
        (Completed, ConfirmReceipt), (Completed, AutoComplete),
        (Cancelled, Cancel), (Cancelled, Expire),
        (Disputed, Dispute),
        (Completed, ResolveCompleted), (Refunded, ResolveRefunded),
    ];

    public static TheoryData<OrderStatus, OrderTrigger> AllPairs()
    {
        var data = new TheoryData<OrderStatus, OrderTrigger>();
        foreach (var status in Enum.GetValues<OrderStatus>())
        {
            foreach (var trigger in Enum.GetValues<OrderTrigger>())
            {
                data.Add(status, trigger);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Every_status_and_trigger_has_the_documented_answer(OrderStatus status, OrderTrigger trigger)
    {
        var decision = OrderStateMachine.Decide(status, trigger);

        if (Moves.TryGetValue((status, trigger), out var to))
        {
            Assert.Equal(new Transition(TransitionKind.Apply, to), decision);
        }
        else if (Late.Contains((status, trigger)))
        {
            Assert.Equal(new Transition(TransitionKind.Late, status), decision);
        }
        else if (Repeats.Contains((status, trigger)))
        {
            Assert.Equal(new Transition(TransitionKind.AlreadyApplied, status), decision);
        }
        else
        {
            Assert.Equal(new Transition(TransitionKind.Refused, status), decision);
        }
    }

    [Fact]
    public void Terminal_states_never_move_again()
    {
        foreach (var status in Enum.GetValues<OrderStatus>().Where(OrderStateMachine.IsTerminal))
        {
            Assert.All(Enum.GetValues<OrderTrigger>(), t => Assert.NotEqual(TransitionKind.Apply, OrderStateMachine.Decide(status, t).Kind));
        }
    }

    [Fact]
    public void Applying_a_move_twice_is_already_applied_the_second_time()
    {
        foreach (var ((from, trigger), to) in Moves)
        {
            Assert.Contains(OrderStateMachine.Decide(to, trigger).Kind, new[] { TransitionKind.AlreadyApplied, TransitionKind.Late, TransitionKind.Refused });
            Assert.NotEqual(TransitionKind.Apply, OrderStateMachine.Decide(to, trigger).Kind);
            Assert.NotEqual(from, to);
        }
    }

    [Fact]
    public void Nothing_can_be_cancelled_after_fulfilment()
    {
        foreach (var status in new[] { Fulfilled, Completed, Disputed, Refunded, Rejected })
        {
            Assert.Equal(TransitionKind.Refused, OrderStateMachine.Decide(status, Cancel).Kind);
        }
    }
}

/// <summary>The platform fee of card orders: basis points, half-up rounding, per-category overrides.</summary>
public sealed class PlatformFeeTests
{
    [Theory]
    [InlineData(10_000, "SolidarityEconomyInitiative", 500)]
    [InlineData(1_999, "SolidarityEconomyInitiative", 100)]
    [InlineData(10, "SolidarityEconomyInitiative", 1)]
    [InlineData(9, "SolidarityEconomyInitiative", 0)]
    [InlineData(10_000, "Individual", 300)]
    [InlineData(10_000, "individual", 300)]
    [InlineData(10_000, "NetworkOrAssociation", 0)]
    public void Fee_uses_the_category_override_or_the_default(long amount, string category, long expected)
    {
        var options = new OrderingOptions
        {
            PlatformFeeBasisPoints = 500,
            PlatformFeeBasisPointsByCategory = new(StringComparer.OrdinalIgnoreCase) { ["Individual"] = 300, ["NetworkOrAssociation"] = 0 },
        };

        Assert.Equal(expected, options.PlatformFee(amount, category));
    }

    [Theory]
    [InlineData(5_000, 1, 0)]
    [InlineData(5_000, 3, 2)]
    [InlineData(9_999, 1, 0)]
    [InlineData(9_999, 5_000, 4_999)]
    [InlineData(9_999, 5_001, 5_000)]
    [InlineData(9_999, 99_999_999, 99_989_999)]
    public void A_high_fee_still_leaves_the_co_op_a_cent_so_its_transfer_is_never_zero(int basisPoints, long amount, long expected)
    {
        var fee = new OrderingOptions { PlatformFeeBasisPoints = basisPoints }.PlatformFee(amount, "SolidarityEconomyInitiative");

        Assert.Equal(expected, fee);
        Assert.True(amount - fee >= 1);
    }
}
