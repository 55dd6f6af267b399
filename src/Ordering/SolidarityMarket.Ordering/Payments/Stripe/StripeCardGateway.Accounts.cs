using System.Runtime.CompilerServices;
using Stripe;

namespace SolidarityMarket.Ordering.Payments.Stripe;

/// <summary>Connected accounts (vendor onboarding) and the platform's balance history (reconciliation).</summary>
public sealed partial class StripeCardGateway
{
    /// <summary>
    /// An Express-style connected account described by controller properties (Stripe's current way): Stripe
    /// collects the requirements and hosts the dashboard, the platform pays Stripe's fees and carries losses. It asks
    /// for <c>card_payments</c> (so <c>charges_enabled</c> can become true, which card sales require) and
    /// <c>transfers</c> (so the platform can pay the co-op its share).
    /// </summary>
    public Task<ConnectedAccount> CreateConnectedAccountAsync(ConnectedAccountRequest request, CancellationToken ct) => Call(async () =>
    {
        var account = await _accounts.CreateAsync(
            new AccountCreateOptions
            {
                Country = request.Country,
                Email = request.Email,
                Controller = new AccountControllerOptions
                {
                    Fees = new AccountControllerFeesOptions { Payer = "application" },
                    Losses = new AccountControllerLossesOptions { Payments = "application" },
                    RequirementCollection = "stripe",
                    StripeDashboard = new AccountControllerStripeDashboardOptions { Type = "express" },
                },
                Capabilities = new AccountCapabilitiesOptions
                {
                    CardPayments = new AccountCapabilitiesCardPaymentsOptions { Requested = true },
                    Transfers = new AccountCapabilitiesTransfersOptions { Requested = true },
                },
                Metadata = new Dictionary<string, string> { ["vendor_id"] = request.VendorId.ToString() },
            },
            Key(request.IdempotencyKey),
            ct);
        return StripeMapping.Account(account);
    });

    public Task<Uri> CreateOnboardingLinkAsync(string accountId, Uri refreshUrl, Uri returnUrl, CancellationToken ct) => Call(async () =>
    {
        // No domain key: an Account Link is single-use and short-lived, so a retry should get a fresh one.
        var link = await _links.CreateAsync(
            new AccountLinkCreateOptions
            {
                Account = accountId,
                RefreshUrl = refreshUrl.AbsoluteUri,
                ReturnUrl = returnUrl.AbsoluteUri,
                Type = "account_onboarding",
            },
            null,
            ct);
        return new Uri(link.Url);
    });

    public Task<ConnectedAccount> GetConnectedAccountAsync(string accountId, CancellationToken ct) => Call(async () =>
        StripeMapping.Account(await _accounts.GetAsync(accountId, null, null, ct)));

    public async IAsyncEnumerable<BalanceTransactionLine> ListBalanceTransactionsAsync(
        DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken ct)
    {
        var query = new BalanceTransactionListOptions
        {
            Created = new DateRangeOptions { GreaterThanOrEqual = from.UtcDateTime, LessThan = to.UtcDateTime },
            Limit = 100,
        };
        await foreach (var transaction in _balance.ListAutoPagingAsync(query, null, ct))
        {
            yield return StripeMapping.Line(transaction);
        }
    }
}
