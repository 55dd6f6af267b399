namespace SolidarityMarket.Catalog.Data;

/// <summary>
/// The outcome of an order's <c>ReserveStock</c>, one row per order (the order id is the key), so that the
/// reservation is idempotent per order: a repeated request replays the stored outcome, and a release applies once.
/// </summary>
public sealed class StockReservation
{
    public Guid OrderId { get; set; }

    public StockReservationStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ReleasedAt { get; set; }

    /// <summary>The requested lines, in request order; rejected lines carry their reason.</summary>
    public List<StockReservationLine> Lines { get; set; } = [];
}

public sealed class StockReservationLine
{
    public Guid OrderId { get; set; }

    public int LineNumber { get; set; }

    public Guid ListingId { get; set; }

    public int Quantity { get; set; }

    /// <summary>
    /// How much of <see cref="Quantity"/> was taken from the listing's stock: the quantity for a listing that counted
    /// stock when it was reserved, 0 for a service without a capacity (its stock is null and nothing is taken) and
    /// for a rejected line. A release gives back exactly this, so a vendor who later gives the service a capacity
    /// (or sets it to 0 to close bookings) does not get units that were never taken added to it.
    /// </summary>
    public int QuantityTaken { get; set; }

    /// <summary>Why the line could not be reserved; null for a line that was (or would have been) fine.</summary>
    public string? RejectionReason { get; set; }
}

public enum StockReservationStatus
{
    /// <summary>Every line's stock is held for the order.</summary>
    Reserved,

    /// <summary>At least one line could not be reserved, so nothing was.</summary>
    Rejected,

    /// <summary>The reserved stock went back (the order was cancelled or expired), or the release came first.</summary>
    Released,
}
