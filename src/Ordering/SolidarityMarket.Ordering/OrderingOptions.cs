namespace SolidarityMarket.Ordering;

/// <summary>Ordering's settings (section <c>Ordering</c>); see docs/orders.md.</summary>
public sealed class OrderingOptions
{
    /// <summary>Unpaid orders (Submitted, StockReserved, PaymentPending) older than this are cancelled by the expiry job.</summary>
    public TimeSpan UnpaidOrderTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Fulfilled orders not confirmed by the buyer are completed automatically after this many days.</summary>
    public int AutoCompleteAfterDays { get; set; } = 14;

    /// <summary>Paid orders the co-op has not fulfilled this many days after payment are cancelled (stock released, hold voided or card refunded).</summary>
    public int FulfilmentDeadlineDays { get; set; } = 14;

    /// <summary>
    /// Days an administrator has to resolve a dispute. Past it the order is on the attention list; the credit hold
    /// timeout leaves room for it, so a dispute resolved within it still finds the hold.
    /// </summary>
    public int DisputeResolutionDays { get; set; } = 7;

    /// <summary>
    /// Timeout Ordering asks for on every credit hold. It must exceed <see cref="LongestCreditSettlementPath"/> plus
    /// <see cref="HoldExpiryMargin"/> (checked at start-up), so the hold is still open whenever the lifecycle settles it.
    /// </summary>
    public TimeSpan CreditHoldTimeout { get; set; } = TimeSpan.FromDays(45);

    /// <summary>
    /// Slack between the lifecycle's last step and the hold's expiry: the hourly jobs' delay, clocks of different
    /// processes. A credit order whose hold expires within this margin is settled early (see docs/orders.md).
    /// </summary>
    public TimeSpan HoldExpiryMargin { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// The longest a credit order can take from checkout (its hold is placed after it) to its settlement when every
    /// deadline is enforced: paid within the unpaid timeout, fulfilled within the fulfilment deadline, auto-completed
    /// (or disputed just before) within the auto-complete days, a dispute resolved within the dispute days.
    /// </summary>
    public TimeSpan LongestCreditSettlementPath =>
        UnpaidOrderTimeout + TimeSpan.FromDays(FulfilmentDeadlineDays) + TimeSpan.FromDays(AutoCompleteAfterDays) + TimeSpan.FromDays(DisputeResolutionDays);

    /// <summary>The platform's share of a card order, in basis points (1/100 of a percent), 0 to 9,999 (checked at start); the co-op gets the rest.</summary>
    public int PlatformFeeBasisPoints { get; set; } = 500;

    /// <summary>Per membership category overrides of <see cref="PlatformFeeBasisPoints"/> (e.g. <c>Individual: 300</c>).</summary>
    public Dictionary<string, int> PlatformFeeBasisPointsByCategory { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Currency of card payments (ISO, lower case).</summary>
    public string Currency { get; set; } = "usd";

    /// <summary>The placeholder in <see cref="OnboardingRefreshUrl"/> and <see cref="OnboardingReturnUrl"/> replaced by the vendor's id.</summary>
    public const string VendorIdPlaceholder = "{vendorId}";

    /// <summary>
    /// Where the provider sends a vendor whose onboarding link expired: an absolute http(s) URL (Stripe's rule,
    /// checked at start), <see cref="VendorIdPlaceholder"/> naming the vendor. By default the UI's card-payments page,
    /// which explains the expiry and offers a fresh link.
    /// </summary>
    public Uri OnboardingRefreshUrl { get; set; } = new("http://localhost:5000/me/vendors/{vendorId}/payments?refresh=1");

    /// <summary>Where the provider sends a vendor after onboarding; as <see cref="OnboardingRefreshUrl"/>. By default the UI's card-payments page.</summary>
    public Uri OnboardingReturnUrl { get; set; } = new("http://localhost:5000/me/vendors/{vendorId}/payments");

    /// <summary>
    /// <paramref name="configured"/> (<see cref="OnboardingRefreshUrl"/> or <see cref="OnboardingReturnUrl"/>) for one
    /// vendor: the placeholder replaced by its id, whether the address kept the braces or escaped them.
    /// </summary>
    public static Uri ForVendor(Uri configured, Guid vendorId)
    {
        var id = vendorId.ToString();
        var text = configured.OriginalString
            .Replace(VendorIdPlaceholder, id, StringComparison.Ordinal)
            .Replace(Uri.EscapeDataString(VendorIdPlaceholder), id, StringComparison.OrdinalIgnoreCase);
        return new Uri(text, UriKind.Absolute);
    }

    /// <summary>
    /// Platform fee of <paramref name="amountCents"/> for a vendor of <paramref name="membershipCategory"/>, rounded half
    /// up, and never the whole order: rounding up could leave the co-op a transfer of 0 cents (at 5,000 basis points a
    /// 1-cent order, at 9,999 every order up to 50 dollars), which Stripe refuses and which put the order on the
    /// attention list as a refused transfer.
    /// </summary>
    public long PlatformFee(long amountCents, string membershipCategory)
    {
        var bp = PlatformFeeBasisPointsByCategory.TryGetValue(membershipCategory, out var specific) ? specific : PlatformFeeBasisPoints;
        var fee = ((amountCents * bp) + 5_000) / 10_000;
        return bp > 0 && fee >= amountCents ? Math.Max(0, amountCents - 1) : fee;
    }
}
