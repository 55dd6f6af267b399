namespace SolidarityMarket.Ordering.Orders;

/// <summary>What the state machine says about a trigger in a state.</summary>
public enum TransitionKind
{
    /// <summary>Move to <see cref="Transition.To"/> and run the effects of entering it.</summary>
    Apply,

    /// <summary>The trigger was already applied (a duplicate message, a repeated click): change nothing, answer as before.</summary>
    AlreadyApplied,

    /// <summary>The trigger came too late (e.g. a payment for an order cancelled meanwhile): no status change; the caller compensates.</summary>
    Late,

    /// <summary>Not allowed in this state (e.g. cancel after fulfilment): a 409 for a person, a logged no-op for a message.</summary>
    Refused,
}

/// <summary>The decision for one trigger: its kind and, for <see cref="TransitionKind.Apply"/>, the new status.</summary>
public readonly record struct Transition(TransitionKind Kind, OrderStatus To)
{
    public static Transition Move(OrderStatus to) => new(TransitionKind.Apply, to);

    public static Transition Done(OrderStatus current) => new(TransitionKind.AlreadyApplied, current);

    public static Transition TooLate(OrderStatus current) => new(TransitionKind.Late, current);

    public static Transition No(OrderStatus current) => new(TransitionKind.Refused, current);
}

/// <summary>
/// The order lifecycle's rules, and nothing else: pure, no I/O, exhaustively unit-tested. Every trigger in every
/// state has an answer, so duplicates and out-of-order messages are decided here rather than by accident:
/// a repeat of what already happened is <see cref="TransitionKind.AlreadyApplied"/>, a payment or reservation that
/// arrives for an order that ended meanwhile is <see cref="TransitionKind.Late"/> (the caller gives it back), and
/// anything else out of place is <see cref="TransitionKind.Refused"/>.
/// </summary>
public static class OrderStateMachine
{
    /// <summary>States from which buyer, vendor or expiry may still cancel (before fulfilment).</summary>
    public static bool IsCancellable(OrderStatus s) => s is OrderStatus.Submitted or OrderStatus.StockReserved or OrderStatus.PaymentPending or OrderStatus.Paid;

    /// <summary>Unpaid: what the expiry job may cancel.</summary>
    public static bool IsUnpaid(OrderStatus s) => s is OrderStatus.Submitted or OrderStatus.StockReserved or OrderStatus.PaymentPending;

    public static bool IsTerminal(OrderStatus s) => s is OrderStatus.Rejected or OrderStatus.Completed or OrderStatus.Cancelled or OrderStatus.Refunded;

    public static Transition Decide(OrderStatus from, OrderTrigger trigger) => trigger switch
    {
        OrderTrigger.StockReserved => from switch
        {
            OrderStatus.Submitted => Transition.Move(OrderStatus.StockReserved),
            OrderStatus.Cancelled => Transition.TooLate(from),
            OrderStatus.Rejected => Transition.No(from),
            _ => Transition.Done(from),
        },
        OrderTrigger.StockRejected => from switch
        {
            OrderStatus.Submitted => Transition.Move(OrderStatus.Rejected),
            OrderStatus.Rejected or OrderStatus.Cancelled => Transition.Done(from),
            _ => Transition.No(from),
        },
        OrderTrigger.PaymentStarted => from switch
        {
            OrderStatus.StockReserved => Transition.Move(OrderStatus.PaymentPending),
            OrderStatus.PaymentPending or OrderStatus.Paid or OrderStatus.Fulfilled or OrderStatus.Completed or OrderStatus.Disputed or OrderStatus.Refunded => Transition.Done(from),
            _ => Transition.No(from),
        },
        OrderTrigger.PaymentSucceeded => from switch
        {
            // A card succeeds for the whole checkout; an order still at StockReserved had its payment started with it.
            OrderStatus.PaymentPending or OrderStatus.StockReserved => Transition.Move(OrderStatus.Paid),
            OrderStatus.Cancelled or OrderStatus.Rejected or OrderStatus.Submitted => Transition.TooLate(from),
            _ => Transition.Done(from),
        },
        OrderTrigger.PaymentRefused => from switch
        {
            OrderStatus.PaymentPending or OrderStatus.StockReserved => Transition.Move(OrderStatus.Cancelled),
            OrderStatus.Cancelled => Transition.Done(from),
            _ => Transition.No(from),
        },
        OrderTrigger.Fulfil => from switch
        {
            OrderStatus.Paid => Transition.Move(OrderStatus.Fulfilled),
            OrderStatus.Fulfilled => Transition.Done(from),
            _ => Transition.No(from),
        },
        OrderTrigger.ConfirmReceipt or OrderTrigger.AutoComplete => from switch
        {
            OrderStatus.Fulfilled => Transition.Move(OrderStatus.Completed),
            OrderStatus.Completed => Transition.Done(from),
            _ => Transition.No(from),
        },
        OrderTrigger.Cancel => from switch
        {
            _ when IsCancellable(from) => Transition.Move(OrderStatus.Cancelled),
            OrderStatus.Cancelled => Transition.Done(from),
            _ => Transition.No(from),
        },
        OrderTrigger.Expire => from switch
        {
            _ when IsUnpaid(from) => Transition.Move(OrderStatus.Cancelled),
            OrderStatus.Cancelled => Transition.Done(from),
            _ => Transition.No(from),
        },
        OrderTrigger.Dispute => from switch
        {
            OrderStatus.Paid or OrderStatus.Fulfilled => Transition.Move(OrderStatus.Disputed),
            OrderStatus.Disputed => Transition.Done(from),
            _ => Transition.No(from),
        },
        OrderTrigger.ResolveCompleted => from switch
        {
            OrderStatus.Disputed => Transition.Move(OrderStatus.Completed),
            OrderStatus.Completed => Transition.Done(from),
            _ => Transition.No(from),
        },
        OrderTrigger.ResolveRefunded => from switch
        {
            OrderStatus.Disputed => Transition.Move(OrderStatus.Refunded),
            OrderStatus.Refunded => Transition.Done(from),
            _ => Transition.No(from),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "Unknown trigger."),
    };
}
