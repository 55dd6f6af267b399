namespace SolidarityMarket.Contracts.Ordering;

// Order lifecycle events, published by Ordering through its outbox in the same transaction as the order's change.
// Each is published once per transition; a consumer should still key its effect on (OrderId, event type) because a
// relay retry may deliver an event twice. Amounts are minor units of the order's payment method: USD cents for
// "card", credit hundredths for "credits".

/// <summary>One line of an order as frozen at checkout.</summary>
/// <param name="ListingId">The listing's id in Catalog.</param>
/// <param name="Quantity">Units ordered (1 or more).</param>
/// <param name="UnitPrice">Price of one unit at checkout, in the order's payment unit.</param>
public sealed record OrderLineItem(Guid ListingId, int Quantity, long UnitPrice);

/// <summary>A checkout created the order (one per vendor); Ordering asked Catalog to reserve its stock.</summary>
/// <param name="OrderId">The order's id.</param>
/// <param name="CheckoutId">The checkout it belongs to.</param>
/// <param name="BuyerUserId">The buyer (Identity user id).</param>
/// <param name="VendorId">The vendor (Catalog id).</param>
/// <param name="PaymentMethod"><c>card</c> or <c>credits</c>.</param>
/// <param name="Total">Sum of the lines, in the payment method's unit.</param>
/// <param name="Lines">The lines with their frozen prices.</param>
/// <param name="SubmittedAt">When the checkout was accepted.</param>
public sealed record OrderSubmitted(
    Guid OrderId, Guid CheckoutId, string BuyerUserId, Guid VendorId, string PaymentMethod, long Total,
    IReadOnlyList<OrderLineItem> Lines, DateTimeOffset SubmittedAt);

/// <summary>Catalog could not reserve the order's stock; the order ends here.</summary>
/// <param name="OrderId">The order's id.</param>
/// <param name="Reason">Catalog's reasons, joined (e.g. <c>insufficient-stock</c>).</param>
/// <param name="RejectedAt">When Ordering recorded it.</param>
public sealed record OrderRejected(Guid OrderId, string Reason, DateTimeOffset RejectedAt);

/// <summary>The order is paid: the card payment succeeded or the credits are held.</summary>
/// <param name="OrderId">The order's id.</param>
/// <param name="VendorId">The vendor that should now fulfil it.</param>
/// <param name="PaymentMethod"><c>card</c> or <c>credits</c>.</param>
/// <param name="Total">The amount paid (held, for credits).</param>
/// <param name="PaidAt">When Ordering recorded it.</param>
public sealed record OrderPaid(Guid OrderId, Guid VendorId, string PaymentMethod, long Total, DateTimeOffset PaidAt);

/// <summary>The vendor marked the order shipped, delivered or rendered.</summary>
/// <param name="OrderId">The order's id.</param>
/// <param name="VendorId">The vendor.</param>
/// <param name="FulfilledAt">When the vendor marked it.</param>
public sealed record OrderFulfilled(Guid OrderId, Guid VendorId, DateTimeOffset FulfilledAt);

/// <summary>The order is complete (buyer confirmed, automatically after the configured days, or resolved by an administrator); credits are posted.</summary>
/// <param name="OrderId">The order's id.</param>
/// <param name="VendorId">The vendor.</param>
/// <param name="PaymentMethod"><c>card</c> or <c>credits</c>.</param>
/// <param name="Total">The amount settled.</param>
/// <param name="CompletedAt">When Ordering recorded it.</param>
public sealed record OrderCompleted(Guid OrderId, Guid VendorId, string PaymentMethod, long Total, DateTimeOffset CompletedAt);

/// <summary>The order was cancelled before fulfilment; its stock is released and its payment voided or refunded.</summary>
/// <param name="OrderId">The order's id.</param>
/// <param name="VendorId">The vendor.</param>
/// <param name="CancelledBy"><c>buyer</c>, <c>vendor</c>, <c>expiry</c> or <c>payment</c> (the credit hold was refused).</param>
/// <param name="Reason">Free text or a reason code.</param>
/// <param name="CancelledAt">When Ordering recorded it.</param>
public sealed record OrderCancelled(Guid OrderId, Guid VendorId, string CancelledBy, string Reason, DateTimeOffset CancelledAt);

/// <summary>The buyer (or the buyer's bank, for a card) disputed the order after payment.</summary>
/// <param name="OrderId">The order's id.</param>
/// <param name="VendorId">The vendor.</param>
/// <param name="Reason">The buyer's or bank's reason.</param>
/// <param name="DisputedAt">When Ordering recorded it.</param>
public sealed record OrderDisputed(Guid OrderId, Guid VendorId, string Reason, DateTimeOffset DisputedAt);

/// <summary>An administrator resolved a dispute by refunding the buyer (credits voided, or card refunded).</summary>
/// <param name="OrderId">The order's id.</param>
/// <param name="VendorId">The vendor.</param>
/// <param name="Reason">The administrator's reason.</param>
/// <param name="RefundedAt">When Ordering recorded it.</param>
public sealed record OrderRefunded(Guid OrderId, Guid VendorId, string Reason, DateTimeOffset RefundedAt);
