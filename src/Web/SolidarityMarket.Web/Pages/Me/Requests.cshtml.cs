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

    public PaymentRequestPage? ToPay { get; private set; }

    public PaymentRequestPage? Sent { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var toPay = ledger.PaymentRequestsAsync(payer: true, Shown, ct);
        var sent = ledger.PaymentRequestsAsync(payer: false, Shown, ct);
        var (toPayAnswer, sentAnswer) = (await toPay, await sent);
        if (toPayAnswer.Value is null || sentAnswer.Value is null)
        {
            return Fail(toPayAnswer.Value is null ? toPayAnswer : sentAnswer, "Your payment requests could not be found.") ?? Page();
        }

        (ToPay, Sent) = (toPayAnswer.Value, sentAnswer.Value);
        return Page();
    }

    public async Task<IActionResult> OnPostPayAsync(Guid id, CancellationToken ct)
    {
        var answer = await ledger.PayRequestAsync(id, ct);
        if (answer.Value is { } paid)
        {
            return Done($"You paid {Display.Credits(paid.Amount)} to account {paid.PayeeAccountId}.");
        }

        return await RefusedAsync(answer, id, ct);
    }

    public async Task<IActionResult> OnPostDeclineAsync(Guid id, string? reason, CancellationToken ct)
    {
        var answer = await ledger.DeclineRequestAsync(id, reason?.Trim() ?? "", ct);
        return answer.Value is not null ? Done("You declined the request.") : await RefusedAsync(answer, id, ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, string? reason, CancellationToken ct)
    {
        var answer = await ledger.CancelRequestAsync(id, reason?.Trim() ?? "", ct);
        return answer.Value is not null ? Done("You cancelled the request.") : await RefusedAsync(answer, id, ct);
    }

    private RedirectToPageResult Done(string notice)
    {
        Notice = notice;
        return RedirectToPage();
    }

    /// <summary>The page again with the ledger's reason (a payment's refusal worded for the payer), or sign in.</summary>
    private async Task<IActionResult> RefusedAsync(ApiAnswer<PaymentRequestView> answer, Guid id, CancellationToken ct)
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
            503 => ["The ledger did not answer. Nothing was paid twice: try again in a little while."],
            404 => ["There is no payment request of yours with that number."],
            409 or 422 when request is not null && payer is not null => PaymentRefusal.Explain(answer, payer, request.PayeeAccountId),
            _ => answer.Errors.Count > 0 ? answer.Errors : ["The ledger refused this."],
        };
        Response.StatusCode = answer.Status is >= 400 and < 500 ? answer.Status : 503;
        return page;
    }
}
