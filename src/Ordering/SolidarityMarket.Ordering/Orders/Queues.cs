namespace SolidarityMarket.Ordering.Orders;

/// <summary>Queues Ordering sends commands to (other services' consumers, and its own internal ones).</summary>
public static class Queues
{
    public const string ReserveStock = "catalog-reserve-stock";
    public const string ReleaseStock = "catalog-release-stock";
    public const string HoldCredits = "ledger-hold-credits";
    public const string PostHold = "ledger-post-hold";
    public const string VoidHold = "ledger-void-hold";

    /// <summary>Internal queue names without the <c>ordering-</c> prefix, as <c>AddConsumer("ordering", name)</c> takes them.</summary>
    public const string StartCardPaymentName = "start-card-payment";
    public const string TransferToVendorName = "transfer-to-vendor";
    public const string RefundCardOrderName = "refund-card-order";
    public const string AdjustCardPaymentName = "adjust-card-payment";

    /// <summary>The previous release's name of <see cref="AdjustCardPaymentName"/>, still consumed (see CancelCardPaymentConsumer).</summary>
    public const string CancelCardPaymentName = "cancel-card-payment";

    public const string StartCardPayment = "ordering-" + StartCardPaymentName;
    public const string TransferToVendor = "ordering-" + TransferToVendorName;
    public const string RefundCardOrder = "ordering-" + RefundCardOrderName;
    public const string AdjustCardPayment = "ordering-" + AdjustCardPaymentName;
    public const string CancelCardPayment = "ordering-" + CancelCardPaymentName;
}

/// <summary>Non-user actors recorded in order history.</summary>
public static class Actors
{
    public const string Catalog = "catalog";
    public const string Ledger = "ledger";
    public const string Card = "card";
    public const string Expiry = "expiry";
    public const string AutoComplete = "auto-complete";
    public const string FulfilmentDeadline = "fulfilment-deadline";
}
