namespace SolidarityMarket.Ordering.Orders;

/// <summary>An order's place in its lifecycle (docs/orders.md). Stored as text, so values may be added but never renamed.</summary>
public enum OrderStatus
{
    Submitted,
    StockReserved,
    Rejected,
    PaymentPending,
    Paid,
    Fulfilled,
    Completed,
    Cancelled,
    Disputed,
    Refunded,
}

/// <summary>What can happen to an order: a message from another service, a person's action, or a job.</summary>
public enum OrderTrigger
{
    StockReserved,
    StockRejected,
    PaymentStarted,
    PaymentSucceeded,
    PaymentRefused,
    Fulfil,
    ConfirmReceipt,
    AutoComplete,
    Cancel,
    Expire,
    Dispute,
    ResolveCompleted,
    ResolveRefunded,
}

/// <summary>How a card or credits order is paid.</summary>
public enum PaymentMethod
{
    Card,
    Credits,
}
