using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Catalog;
using SolidarityMarket.Web.Members;

namespace SolidarityMarket.Web.Pages.Me;

/// <summary>
/// The member's payment requests (invoices) still open or accepted: the ones to pay — pay now or decline — and the
/// ones they sent — cancel (<c>/api/ledger/payment-requests</c>). The ledger decides who may do what; repeating an
/// action that already happened (a double click) changes nothing more. After an action the page is shown again (a
/// GET) with what happened, kept in the protected TempData cookie rather than the address, which anyone could write.
/// </summary>
public sealed class RequestsModel(LedgerClient ledger) : MemberPage
{
    public const int Shown = 100;

    /// <summary>
    /// What a form for a request the page does not list gets: sent again after it was done (a double click), from a
    /// stale page, or naming someone else's request — the same answer for each, so it tells a stranger nothing.
    /// </summary>
    public const string NotOpen = "This request is not among your open requests: it may already have been paid, declined or cancelled.";

    public PaymentRequestPage? ToPay { get; private set; }

    public PaymentRequestPage? Sent { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var toPayAnswer = await ledger.PaymentRequestsAsync(payer: true, Shown, ct);
        var sentAnswer = await ledger.PaymentRequestsAsync(payer: false, Shown, ct);
        if (toPayAnswer.Value is null || sentAnswer.Value is null)
        {
            return Fail(toPayAnswer.Value is null ? toPayAnswer : sentAnswer, "Your payment requests could not be found.") ?? Page();
        }

        (ToPay, Sent) = (toPayAnswer.Value, sentAnswer.Value);
        return Page();
    }

    public async Task<IActionResult> OnPostPayAsync(Guid id, CancellationToken ct)
    {
        if (await NotListedAsync(id, toPay: true, ct) is { } notListed)
        {
            return notListed;
        }

        var answer = await ledger.PayRequestAsync(id, ct);
        if (answer.Value is { } paid)
        {
            // What clearing runs already set off was not paid now.
            return Done($"You paid {Display.Credits(paid.Amount - paid.ClearedAmount)} to account {paid.PayeeAccountId}.");
        }

        return await RefusedAsync(answer, id, "paid", ct);
    }

    public async Task<IActionResult> OnPostDeclineAsync(Guid id, string? reason, CancellationToken ct)
    {
        if (await NotListedAsync(id, toPay: true, ct) is { } notListed)
        {
            return notListed;
        }

        var answer = await ledger.DeclineRequestAsync(id, reason?.Trim() ?? "", ct);
        return answer.Value is not null ? Done("You declined the request.") : await RefusedAsync(answer, id, "declined", ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, string? reason, CancellationToken ct)
    {
        if (await NotListedAsync(id, toPay: false, ct) is { } notListed)
        {
            return notListed;
        }

        var answer = await ledger.CancelRequestAsync(id, reason?.Trim() ?? "", ct);
        return answer.Value is not null ? Done("You cancelled the request.") : await RefusedAsync(answer, id, "cancelled", ct);
    }

    /// <summary>
    /// Acts only on a request this page lists for the member on that side. The ledger lets an administrator act on
    /// any request as if holding every account; here, as on the other member pages, they act only for their own.
    /// </summary>
    private async Task<IActionResult?> NotListedAsync(Guid id, bool toPay, CancellationToken ct)
    {
        var listed = await ledger.PaymentRequestsAsync(payer: toPay, Shown, ct);
        if (listed.Value is null)
        {
            return listed.Status == 401 ? SignInAgain() : await RefusedAsync(ApiAnswer.Failed<PaymentRequestView>(listed.Status), id, "changed", ct);
        }

        return listed.Value.Items.Any(r => r.Id == id) ? null : await RefusedAsync(ApiAnswer.Failed<PaymentRequestView>(409, [NotOpen]), id, "changed", ct);
    }

    private RedirectToPageResult Done(string notice)
    {
        Notice = notice;
        return RedirectToPage();
    }

    /// <summary>The page again with the ledger's reason (a payment's refusal worded for the payer), or sign in.</summary>
    private async Task<IActionResult> RefusedAsync(ApiAnswer<PaymentRequestView> answer, Guid id, string done, CancellationToken ct)
    {
        if (answer.Status == 401)
        {
            return SignInAgain();
        }

        var page = await OnGetAsync(ct);
        var request = ToPay?.Items.FirstOrDefault(r => r.Id == id);
        var payer = request is null ? null : (await ledger.ListAccountsAsync(ct)).Value?.FirstOrDefault(a => a.Id == request.PayerAccountId);
        Errors = answer.Status switch
        {
            503 => [$"The ledger did not answer, so the request may or may not have been {done}. Trying again is safe: it happens once."],
            404 => ["There is no payment request of yours with that number."],
            409 or 422 when request is not null && payer is not null => PaymentRefusal.Explain(answer, payer, request.PayeeAccountId),
            _ => answer.Errors.Count > 0 ? answer.Errors : ["The ledger refused this."],
        };
        Response.StatusCode = answer.Status is >= 400 and < 500 ? answer.Status : 503;
        return page;
    }
}
