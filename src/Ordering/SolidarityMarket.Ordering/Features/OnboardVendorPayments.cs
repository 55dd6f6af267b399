using System.Security.Claims;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Ordering.Payments.Stripe;

namespace SolidarityMarket.Ordering.Features;

/// <summary>
/// <c>POST /api/ordering/vendors/{vendorId}/payment-account</c>, by the vendor's staff: creates the vendor's connected
/// account once (idempotency key from the vendor id; a repeat reuses it; country from
/// <see cref="StripeOptions.ConnectedAccountCountry"/>) and returns a fresh onboarding link, whose return and refresh
/// URLs name the vendor (<see cref="OrderingOptions.VendorIdPlaceholder"/>). The
/// account's status is applied as an observation (<see cref="ICardPaymentEvents.ConnectedAccountUpdatedAsync"/>),
/// which also publishes <c>VendorPaymentAccountUpdated</c>; later changes arrive by the provider's notifications.
/// </summary>
public static class OnboardVendorPayments
{
    public sealed record OnboardingDto(Guid VendorId, string AccountId, bool ChargesEnabled, Uri OnboardingUrl);

    public static void Map(IEndpointRouteBuilder group) => group.MapPost("/vendors/{vendorId:guid}/payment-account", Handle).WithName("OnboardVendorPayments");

    public static async Task<IResult> Handle(
        Guid vendorId, ClaimsPrincipal user, OrderingDbContext db, OrderingAccess access, ICardPaymentGateway gateway, ICardPaymentEvents events,
        TimeProvider time, IOptions<OrderingOptions> options, IOptions<StripeOptions> stripe, CancellationToken ct)
    {
        if (!await access.IsVendorStaffAsync(user, vendorId, ct))
        {
            return OrderingProblems.NotFound($"Vendor {vendorId}");
        }

        try
        {
            return await OnboardAsync(vendorId, db, gateway, events, time, options.Value, stripe.Value, ct);
        }
        catch (CardGatewayException refusal)
        {
            // The provider refused (the stored account was deleted there, a bad country...): its answer as a 4xx
            // ProblemDetails rather than a 500. What was recorded before the refusal (the account id) stays valid.
            return StripeProblems.From(refusal);
        }
        catch (Exception outage) when (StripeProblems.IsProviderOutage(outage) && !ct.IsCancellationRequested)
        {
            // Stripe down or unreachable: not the vendor's fault, and retrying is safe (the account is created under
            // an idempotency key), so a 503 with Retry-After rather than a 500.
            throw StripeProblems.Unavailable(outage);
        }
    }

    private static async Task<IResult> OnboardAsync(
        Guid vendorId, OrderingDbContext db, ICardPaymentGateway gateway, ICardPaymentEvents events, TimeProvider time,
        OrderingOptions options, StripeOptions stripe, CancellationToken ct)
    {
        var vendor = await db.Vendors.AsNoTracking().FirstAsync(v => v.VendorId == vendorId, ct);
        var account = vendor.StripeAccountId is { } existing
            ? await gateway.GetConnectedAccountAsync(existing, ct)
            : await gateway.CreateConnectedAccountAsync(new ConnectedAccountRequest(vendorId, null, stripe.ConnectedAccountCountry, $"vendor-{vendorId}-account"), ct);
        if (vendor.StripeAccountId is null)
        {
            // Record the link vendor ↔ account first, so later notifications find the vendor by account id whatever
            // metadata the provider echoes back (the key makes a retry return the same account). One column, one
            // statement: a certification event updating the same row at this moment is neither lost nor a conflict.
            await db.Vendors.Where(v => v.VendorId == vendorId && v.StripeAccountId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.StripeAccountId, account.AccountId), ct);
        }

        await events.ConnectedAccountUpdatedAsync(account, time.GetUtcNow(), ct);
        var link = await gateway.CreateOnboardingLinkAsync(
            account.AccountId, OrderingOptions.ForVendor(options.OnboardingRefreshUrl, vendorId), OrderingOptions.ForVendor(options.OnboardingReturnUrl, vendorId), ct);
        return TypedResults.Ok(new OnboardingDto(vendorId, account.AccountId, account.ChargesEnabled, link));
    }
}
