using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Vendors;

namespace SolidarityMarket.Web.Pages.Me.Vendors;

/// <summary>
/// A vendor's card payments for its staff: whether buyers may pay it by card and why not, from Ordering's
/// <c>GET /api/ordering/vendors/{id}/payment-options</c>, and "Set up card payments", which asks Ordering for the
/// vendor's account and an onboarding link (<c>POST /api/ordering/vendors/{id}/payment-account</c>) and sends the
/// browser to the provider's hosted onboarding. The provider sends the vendor back here (Ordering's
/// <c>OnboardingReturnUrl</c>), or here with <c>?refresh=1</c> when the link expired (<c>OnboardingRefreshUrl</c>).
/// Without a provider (simulated mode) Ordering enables the account at once and names it <c>sim_acct_…</c>; the page
/// says so after the return, from what Ordering answered its own POST (TempData), never from the address, which anyone
/// could write. Only the vendor's staff (<c>GET /api/catalog/my/vendors</c>)
/// see the page or send its button; Ordering decides again.
/// </summary>
public sealed class VendorPaymentsModel(VendorClient vendors) : VendorPage
{
    /// <summary>How the simulated card gateway names its accounts; a return naming one is labelled SIMULATED.</summary>
    public const string SimulatedAccountPrefix = "sim_acct_";

    [FromRoute]
    public Guid Id { get; set; }

    /// <summary>Set by the provider's refresh URL (<c>?refresh=1</c>; text, as a bool would not bind "1").</summary>
    [BindProperty(SupportsGet = true, Name = "refresh")]
    public string? Refresh { get; set; }

    /// <summary>Whether the provider sent the vendor back because the onboarding link expired or was used.</summary>
    public bool LinkExpired => Refresh is "1" or "true";

    /// <summary>TempData key: the set-up just sent found the simulated gateway.</summary>
    private const string SimulatedSetUp = "payments-simulated";

    public ManagedVendor? Vendor { get; private set; }

    public VendorPaymentOptions? Options { get; private set; }

    /// <summary>Why <see cref="Options"/> could not be read, when it could not.</summary>
    public string? OptionsUnknown { get; private set; }

    /// <summary>The set-up this browser just sent was answered by the simulated gateway (read once, after the return).</summary>
    public bool Simulated => TempData.Peek(SimulatedSetUp) is true;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadVendorAsync(ct) is { } failed)
        {
            return failed;
        }

        await LoadOptionsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSetUpAsync(CancellationToken ct)
    {
        if (await LoadVendorAsync(ct) is { } failed)
        {
            return failed;
        }

        var answer = await vendors.SetUpCardPaymentsAsync(Id, ct);
        if (answer.Value is { } onboarding)
        {
            // The provider's hosted page (or, simulated, this page's return address): an external address by design,
            // so only an absolute http(s) one — anything else (relative, javascript:, data:) is not followed.
            if (onboarding.OnboardingUrl is { IsAbsoluteUri: true } url && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
            {
                if (onboarding.AccountId.StartsWith(SimulatedAccountPrefix, StringComparison.Ordinal))
                {
                    TempData[SimulatedSetUp] = true;
                }

                return Redirect(url.AbsoluteUri);
            }

            await LoadOptionsAsync(ct);
            return Refused(503, ["The card-payment provider answered with a set-up address this page cannot follow. Please try again later, or ask the network's administrators."]);
        }

        switch (answer.Status)
        {
            case 401:
                return SignInAgain();
            case 403 or 404:
                Vendor = null;
                return NotShown(answer, VendorListingsModel.NotYours) ?? Page();
            case 503:
                await LoadOptionsAsync(ct);
                return Refused(503, ["The card-payment provider (or the ordering service) is not answering at the moment. Please try again in a little while: the vendor gets one account however often this is pressed."]);
            default:
                await LoadOptionsAsync(ct);
                return Refused(answer.Status, MessagesOr(answer, "Card payments could not be set up."));
        }
    }

    /// <summary>The vendor, once the member's vendors say they are its staff; else the page's failure.</summary>
    private async Task<IActionResult?> LoadVendorAsync(CancellationToken ct)
    {
        var mine = await vendors.MyVendorsAsync(ct);
        if (mine.Value is null)
        {
            return NotShown(mine, VendorListingsModel.NotYours) ?? Page();
        }

        Vendor = mine.Value.FirstOrDefault(v => v.Id == Id);
        return Vendor is null ? NotShown(ApiAnswer.Failed<ManagedVendor>(404), VendorListingsModel.NotYours) ?? Page() : null;
    }

    private async Task LoadOptionsAsync(CancellationToken ct)
    {
        var options = await vendors.PaymentOptionsAsync(Id, ct);
        (Options, OptionsUnknown) = options switch
        {
            { Value: { } value } => (value, null),
            // Ordering learns of a vendor from the Catalog's event, a moment after registration.
            { Status: 404 } => (null, "The ordering service has not heard of this vendor yet; it does within moments of its registration. Reload this page."),
            _ => ((VendorPaymentOptions?)null, "The ordering service is not answering at the moment, so the card status is unknown. Please try again in a little while."),
        };
    }
}
