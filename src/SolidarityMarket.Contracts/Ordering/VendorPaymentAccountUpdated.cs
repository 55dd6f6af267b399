namespace SolidarityMarket.Contracts.Ordering;

/// <summary>
/// A vendor's card-payment (Stripe connected) account was created or its status changed. Published by Ordering,
/// which owns the Stripe integration (onboarding and the <c>account.updated</c> webhook); Catalog keeps the id and
/// status on the vendor's profile.
/// </summary>
/// <remarks>
/// Updates may arrive out of order: <paramref name="ObservedAt"/> is when the status was read from the payment
/// provider, so a consumer keeps the latest observation and ignores older ones.
/// </remarks>
/// <param name="VendorId">The vendor's id in Catalog.</param>
/// <param name="AccountId">The connected account's id at the provider (e.g. <c>acct_...</c>).</param>
/// <param name="ChargesEnabled">Whether the account can take card charges now.</param>
/// <param name="PayoutsEnabled">Whether the account can be paid out.</param>
/// <param name="ObservedAt">When this status was read from the provider.</param>
public sealed record VendorPaymentAccountUpdated(Guid VendorId, string AccountId, bool ChargesEnabled, bool PayoutsEnabled, DateTimeOffset ObservedAt);
