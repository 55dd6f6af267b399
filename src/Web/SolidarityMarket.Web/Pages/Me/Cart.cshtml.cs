using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SolidarityMarket.Web.Catalog;
using SolidarityMarket.Web.Members;
using SolidarityMarket.Web.Orders;

namespace SolidarityMarket.Web.Pages.Me;

/// <summary>
/// The buyer's cart (Ordering's, so it is the same from any device) and its checkout: one order per vendor, paid with
/// barter credits from one of their accounts, or by card for the lines of vendors who take cards now (then on to the
/// checkout's payment page). The form carries the checkout's key, made when the page was shown, and the lines the
/// buyer saw with their prices; the page orders only if the cart still holds exactly those. So a form sent again
/// after its orders were placed (the bought lines have left the cart), a second tab, or a price changed meanwhile
/// orders nothing and says why; two sends racing each other carry the same key, which Ordering answers as one checkout.
/// </summary>
public sealed class CartModel(OrderingClient ordering, LedgerClient ledger) : MemberPage
{
    public CartView? Cart { get; private set; }

    /// <summary>The member's active accounts, which can pay.</summary>
    public IReadOnlyList<LedgerAccount> Accounts { get; private set; } = [];

    [BindProperty]
    public Guid? Account { get; set; }

    [BindProperty]
    public string? CheckoutKey { get; set; }

    [BindProperty]
    public List<CheckoutLineForm> Lines { get; set; } = [];

    [TempData]
    public string? Notice { get; set; }

    /// <summary>The lines a checkout with credits can buy: available now and with a credit price.</summary>
    public IReadOnlyList<CartLineView> Payable { get; private set; } = [];

    /// <summary>The lines a checkout by card can buy: available now, with a card price, from a vendor who takes cards now.</summary>
    public IReadOnlyList<CartLineView> CardPayable { get; private set; } = [];

    /// <summary>
    /// The card processor's smallest charge in USD cents (Stripe's; Ordering refuses a card checkout below it with
    /// 409 <c>card-amount-too-small</c>), so the cart does not offer a card payment that cannot be made.
    /// </summary>
    public const long MinCardPaymentCents = 50;

    /// <summary>What the lines payable by card come to, in cents.</summary>
    public long CardTotal => CardPayable.Sum(l => l.PriceCents!.Value * l.Quantity);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        CheckoutKey = Guid.NewGuid().ToString();
        return await LoadAsync(ct) ?? Page();
    }

    public async Task<IActionResult> OnPostQuantityAsync(Guid listingId, int? quantity, CancellationToken ct)
    {
        if (quantity is not { } wanted || wanted < 0)
        {
            // A cleared or mistyped field is not a wish to remove the line: only 0 (or Remove) does that.
            return await RefusedAsync(400, ["Enter a quantity: a whole number, 0 to remove the line."], ct);
        }

        var answer = wanted == 0 ? await ordering.RemoveCartLineAsync(listingId, ct) : await ordering.SetCartLineAsync(listingId, wanted, ct);
        return answer.Ok ? RedirectToPage() : await RefusedAsync(answer.Status, answer.Errors, ct);
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid listingId, CancellationToken ct)
    {
        var answer = await ordering.RemoveCartLineAsync(listingId, ct);
        return answer.Ok ? RedirectToPage() : await RefusedAsync(answer.Status, answer.Errors, ct);
    }

    public async Task<IActionResult> OnPostCheckoutAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } failed)
        {
            return failed;
        }

        if (Account is not { } account || Accounts.All(a => a.Id != account))
        {
            return Refused(400, ["Choose one of your active accounts to pay from."]);
        }

        if (FormMismatch(Payable, l => l.PriceCredits) is { } mismatch)
        {
            return Refused(mismatch.Status, [mismatch.Error]);
        }

        var total = Lines.Aggregate(Int128.Zero, (sum, l) => sum + ((Int128)l.UnitPrice * l.Quantity));
        var payer = Accounts.First(a => a.Id == account);
        if (total > payer.AvailableToSpend)
        {
            return Refused(422, [$"This order comes to {Display.Credits(total > long.MaxValue ? long.MaxValue : (long)total)}; your account can spend at most {Display.Credits(payer.AvailableToSpend)} now."]);
        }

        var answer = await ordering.CheckoutWithCreditsAsync(CheckoutKey!, Lines, account, ct);
        if (answer.Value is { } checkout)
        {
            Notice = checkout.Orders.Count == 1 ? "Your order was placed." : $"Your {checkout.Orders.Count} orders were placed, one per vendor.";
            return RedirectToPage("/Me/Orders");
        }

        return CheckoutRefused(answer);
    }

    /// <summary>The card-payable lines ordered, then on to the checkout's page, where the buyer pays once the stock is reserved.</summary>
    public async Task<IActionResult> OnPostCardAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } failed)
        {
            return failed;
        }

        if (FormMismatch(CardPayable, l => l.PriceCents) is { } mismatch)
        {
            return Refused(mismatch.Status, [mismatch.Error]);
        }

        var answer = await ordering.CheckoutByCardAsync(CheckoutKey!, Lines, ct);
        return answer.Value is { } checkout ? Redirect(Url.Content($"~/me/checkouts/{checkout.Id}")) : CheckoutRefused(answer);
    }

    /// <summary>
    /// Why the form's lines may not be ordered as sent, or null: they must be exactly <paramref name="payable"/> now,
    /// quantities and <paramref name="price"/>s included.
    /// </summary>
    private (int Status, string Error)? FormMismatch(IReadOnlyList<CartLineView> payable, Func<CartLineView, long?> price)
    {
        if (Lines.Count == 0 || Lines.Any(l => l.Quantity <= 0) || string.IsNullOrWhiteSpace(CheckoutKey))
        {
            return (400, "There is nothing to order in this form. Check your cart and place the order again.");
        }

        if (Lines.All(l => Cart!.Lines.All(c => c.ListingId != l.ListingId)))
        {
            return (409, "These lines are no longer in your cart: they may already have been ordered. See your orders (an order to pay by card has its payment's link there) before ordering again.");
        }

        if (Lines.Count != payable.Count || Lines.Any(l => !payable.Any(c => c.ListingId == l.ListingId && c.VendorId == l.VendorId && c.Quantity == l.Quantity && price(c) == l.UnitPrice)))
        {
            return (409, "Your cart changed since this page was shown (a quantity, a price, or what is available). Check it and place the order again.");
        }

        return null;
    }

    private IActionResult CheckoutRefused(Api.ApiAnswer<CheckoutView> answer)
    {
        if (answer.Status == 401)
        {
            return SignInAgain();
        }

        if (answer.Status == 503)
        {
            Response.StatusCode = 503;
            Errors = ["Ordering did not answer, so your order may or may not have been placed. Sending this form again is safe: it cannot order twice."];
            return Page();
        }

        // Both checkout forms of one page carry the same key: the second to arrive finds the key used by the other.
        return answer.Reason == "idempotency-key-reused"
            ? Refused(409, ["This cart was already ordered from this page in another way. See your orders before ordering again."])
            : Refused(answer.Status, answer.Errors.Count > 0 ? answer.Errors : ["Ordering refused this checkout."]);
    }

    protected override PageResult Refused(int status, IReadOnlyList<string> errors)
    {
        Errors = errors;
        // A refused checkout stored nothing: the next attempt, changed or not, is a new one.
        CheckoutKey = Guid.NewGuid().ToString();
        ModelState.Remove(nameof(CheckoutKey));
        // The form is drawn again from the cart as it is now.
        Lines = [];
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith(nameof(Lines), StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }

        Response.StatusCode = status is >= 400 and < 500 ? status : 400;
        return Page();
    }

    private async Task<IActionResult> RefusedAsync(int status, IReadOnlyList<string> errors, CancellationToken ct)
    {
        if (status == 401)
        {
            return SignInAgain();
        }

        CheckoutKey = Guid.NewGuid().ToString();
        var page = await LoadAsync(ct) ?? Page();
        ModelState.Clear();
        Errors = status == 503 ? ["Ordering is not answering at the moment. Please try again in a little while."]
            : errors.Count > 0 ? errors : ["Ordering refused this change."];
        Response.StatusCode = status is >= 400 and < 500 ? status : 503;
        return page;
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var cartAnswer = await ordering.CartAsync(ct);
        if (cartAnswer.Value is null)
        {
            return Fail(cartAnswer, "Your cart could not be found.", "Ordering") ?? Page();
        }

        Cart = cartAnswer.Value;
        Payable = [.. Cart.Lines.Where(l => l.Available && l.PriceCredits is not null)];
        CardPayable = await CardPayableAsync(Cart, ct);
        var accountsAnswer = await ledger.ListAccountsAsync(ct);
        if (accountsAnswer.Value is null)
        {
            // The cart is shown; without the accounts there is nothing to pay from, and the page says why.
            return Fail(accountsAnswer, "Your accounts could not be found.") ?? Page();
        }

        Accounts = [.. accountsAnswer.Value.Where(a => a.Status == "Active")];
        return null;
    }

    /// <summary>
    /// The card-priced lines of vendors whose card payment Ordering accepts now (a vendor it does not know, or that does
    /// not answer, is left out: the checkout would refuse it anyway).
    /// </summary>
    private async Task<IReadOnlyList<CartLineView>> CardPayableAsync(CartView cart, CancellationToken ct)
    {
        var priced = cart.Lines.Where(l => l.Available && l.PriceCents is not null).ToList();
        var options = await Task.WhenAll(priced.Select(l => l.VendorId).Distinct().Select(vendorId => ordering.PaymentOptionsAsync(vendorId, ct)));
        var accepting = options.Select(o => o.Value).OfType<VendorPaymentOptions>().Where(o => o.AcceptsCard).Select(o => o.VendorId).ToHashSet();
        return [.. priced.Where(l => accepting.Contains(l.VendorId))];
    }
}
