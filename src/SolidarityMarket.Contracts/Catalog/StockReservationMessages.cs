namespace SolidarityMarket.Contracts.Catalog;

// Stock reservation between Ordering and Catalog. Catalog consumes ReserveStock on the queue catalog-reserve-stock and
// ReleaseStock on catalog-release-stock, and answers through its outbox. Reservation is all-or-nothing per order and
// idempotent per order id: a repeated ReserveStock for the same order publishes the stored outcome again.

/// <summary>One line of an order: <paramref name="Quantity"/> units of a listing.</summary>
/// <param name="ListingId">The listing's id in Catalog.</param>
/// <param name="Quantity">Units wanted; must be 1 or more.</param>
public sealed record StockLine(Guid ListingId, int Quantity);

/// <summary>Command to Catalog: hold stock for every line of the order, or for none.</summary>
/// <param name="OrderId">The order's id in Ordering; the reservation's identity.</param>
/// <param name="Lines">The lines to reserve.</param>
public sealed record ReserveStock(Guid OrderId, IReadOnlyList<StockLine> Lines);

/// <summary>Every line of the order is held.</summary>
/// <param name="OrderId">The order's id in Ordering.</param>
/// <param name="Lines">The reserved lines, as requested.</param>
/// <param name="ReservedAt">When Catalog reserved them.</param>
public sealed record StockReserved(Guid OrderId, IReadOnlyList<StockLine> Lines, DateTimeOffset ReservedAt);

/// <summary>Why one line of an order could not be reserved.</summary>
/// <param name="ListingId">The listing of the line.</param>
/// <param name="Reason">
/// <c>unknown-listing</c>, <c>not-published</c>, <c>invalid-quantity</c>, <c>insufficient-stock</c>, or
/// <c>order-released</c> when the order's stock was already released.
/// </param>
public sealed record RejectedStockLine(Guid ListingId, string Reason);

/// <summary>Nothing of the order is held: at least one line could not be reserved.</summary>
/// <param name="OrderId">The order's id in Ordering.</param>
/// <param name="RejectedLines">Each line that could not be reserved, with its reason.</param>
/// <param name="RejectedAt">When Catalog decided.</param>
public sealed record StockReservationRejected(Guid OrderId, IReadOnlyList<RejectedStockLine> RejectedLines, DateTimeOffset RejectedAt);

/// <summary>Command to Catalog: give back the order's reserved stock (cancelled or expired). Applying it twice changes nothing.</summary>
/// <param name="OrderId">The order's id in Ordering.</param>
public sealed record ReleaseStock(Guid OrderId);

/// <summary>The order's reserved stock went back to its listings; published once per order that held stock.</summary>
/// <param name="OrderId">The order's id in Ordering.</param>
/// <param name="ReleasedAt">When Catalog released it.</param>
public sealed record StockReleased(Guid OrderId, DateTimeOffset ReleasedAt);
