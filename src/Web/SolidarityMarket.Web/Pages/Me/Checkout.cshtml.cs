using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SolidarityMarket.Web.Orders;

namespace SolidarityMarket.Web.Pages.Me;

/// <summary>
/// A checkout's card payment, as the buyer sees it after ordering by card: waiting while the co-ops reserve the stock
/// (the page reloads itself every few seconds, without script), then the card form — the card processor's own
/// (Stripe's Payment Element; ADR 0027), or with the simulated gateway two clearly labelled buttons —, then the
/// outcome. What the page says comes from Ordering each time, never from the browser's return address.
/// </summary>
public sealed class CheckoutModel(OrderingClient ordering, IOptions<WebOptions> options) : MemberPage
{
    /// <summary>Reloads every 2 s at first, then every 5 s; after <see cref="MaxReloads"/> the page stops and says so.</summary>
    public const int MaxReloads = 40;

    private const int QuickReloads = 15;

    public CheckoutView? Checkout { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public string? StripePublishableKey => options.Value.StripePublishableKey;

    /// <summary>How many times this page has reloaded itself while waiting (carried in its own address).</summary>
    [BindProperty(SupportsGet = true, Name = "wait")]
    public int Reloads { get; set; }

    /// <summary>
    /// The payment the card processor's form just confirmed (Stripe adds it to the return address; the page's script
    /// too). Only a hint to wait for Ordering's word — typed by hand it shows "confirming" a little longer, nothing more.
    /// </summary>
    [BindProperty(SupportsGet = true, Name = "payment_intent")]
    public string? Confirmed { get; set; }

    /// <summary>Still waiting after <see cref="MaxReloads"/> reloads: the page stops reloading and says so.</summary>
    public bool TakingLong => Stage is CardStage.Preparing or CardStage.Processing or CardStage.Confirming && Reloads >= MaxReloads;

    /// <summary>What the buyer can do now, from the card payment's state.</summary>
    public CardStage Stage => Checkout?.Card is not { } card ? CardStage.None
        // Until the payment is recorded it has no status: the orders are still waiting for stock, or the payment is being
        // opened (PaymentPending: claimed for it, the provider's answer not yet saved).
        : card.Status is null ? (Checkout.Orders.Any(o => o.PaymentMethod == "card" && o.Status is "Submitted" or "StockReserved" or "PaymentPending") ? CardStage.Preparing : CardStage.NothingToPay)
        : card.Status switch
        {
            "Succeeded" => CardStage.Paid,
            "Canceled" => CardStage.Cancelled,
            "Processing" or "RequiresCapture" => CardStage.Processing,
            _ when card.ClientSecret is null => CardStage.Preparing,
            _ when card.FailureMessage is null && Confirmed is { Length: > 0 } && Confirmed == card.PaymentId => CardStage.Confirming,
            _ => CardStage.ToPay,
        };

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    /// <summary>SIMULATED gateway only: the buyer's "pay" or "decline", which the card processor's form stands for.</summary>
    public async Task<IActionResult> OnPostSimulatedAsync(Guid id, bool succeed, CancellationToken ct)
    {
        var answer = await ordering.SimulatedPaymentAsync(id, succeed, ct);
        if (answer.Value is { } checkout)
        {
            // Said from what the payment is now: a "decline" sent after a "pay" (a second tab) finds it paid.
            Notice = checkout.Card?.Status == "Succeeded" ? "The simulated card payment was approved. No money moved."
                : "The simulated card payment was declined. You can try again.";
            return Redirect(Url.Content($"~/me/checkouts/{id}"));
        }

        if (answer.Status == 401)
        {
            return SignInAgain();
        }

        var page = await LoadAsync(id, ct);
        if (page is not null)
        {
            return page;
        }

        return Refused(answer.Status is >= 400 and < 500 ? answer.Status : 503, answer.Status switch
        {
            503 => ["Ordering did not answer. Look at this page again in a moment: it shows whether the payment was made."],
            _ when answer.Errors.Count > 0 => answer.Errors,
            _ => ["This payment cannot be made now."],
        });
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var answer = await ordering.CheckoutAsync(id, ct);
        if (answer.Value is null)
        {
            return Fail(answer, "There is no checkout of yours at this address.", "Ordering") ?? Page();
        }

        Checkout = answer.Value;
        if (Stage is CardStage.Preparing or CardStage.Processing or CardStage.Confirming && !TakingLong)
        {
            // The Refresh header: a reload without script, which every browser honours; the count rides in the address.
            var next = $"{Request.PathBase}{Request.Path}?wait={Reloads + 1}" + (Confirmed is { Length: > 0 } ? "&payment_intent=" + Uri.EscapeDataString(Confirmed) : "");
            Response.Headers["Refresh"] = $"{(Reloads < QuickReloads ? 2 : 5)}; url={next}";
        }

        return null;
    }
}

/// <summary>Where a checkout's card payment stands, as its page shows it.</summary>
public enum CardStage
{
    /// <summary>The checkout has no card orders.</summary>
    None,

    /// <summary>The co-ops are reserving the stock, or the payment is being opened.</summary>
    Preparing,

    /// <summary>No card order could be reserved: there is nothing to pay.</summary>
    NothingToPay,

    /// <summary>The payment waits for the buyer's card.</summary>
    ToPay,

    /// <summary>The bank is deciding.</summary>
    Processing,

    /// <summary>The card processor's form says it confirmed the payment; Ordering has not heard of it yet.</summary>
    Confirming,

    Paid,

    /// <summary>None of its orders can be paid any more.</summary>
    Cancelled,
}
