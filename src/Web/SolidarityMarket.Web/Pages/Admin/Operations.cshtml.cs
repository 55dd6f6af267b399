using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Operations;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// What must never be lost, per service (catalog, ordering, ledger): the deliveries whose consumer still failed after
/// its retries (Replay once the cause is fixed, Discard with a reason) and the outbox rows that cannot leave (Retry
/// now). A service whose endpoints the UI cannot reach — its API address hosts no such service (404), or it does not
/// answer — is said so in its own section; the other services' sections still work. After an action the page is shown
/// again (a GET) with what happened, kept in the protected TempData cookie.
/// </summary>
public sealed class OperationsModel(MessagingAdminClient messaging) : AdminPage
{
    /// <summary>One service's section: its lists, or why the UI could not read them.</summary>
    public sealed record ServiceSection(string Service, IReadOnlyList<FailedDelivery> Failed, IReadOnlyList<StuckOutboxMessage> Outbox, string? Unavailable);

    public IReadOnlyList<ServiceSection> Sections { get; private set; } = [];

    [TempData]
    public string? Notice { get; set; }

    [BindProperty]
    public string? Service { get; set; }

    [BindProperty]
    public string? Queue { get; set; }

    [BindProperty]
    public Guid MessageId { get; set; }

    [BindProperty]
    public Guid OutboxId { get; set; }

    /// <summary>The discard reason as typed (kept in its row when the API refused it).</summary>
    [BindProperty]
    public string? Reason { get; set; }

    public static string Title(string service) => char.ToUpperInvariant(service[0]) + service[1..];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var sections = new List<ServiceSection>();
        foreach (var service in MessagingAdminClient.Services)
        {
            var failed = await messaging.FailedAsync(service, ct);
            var outbox = failed.Ok ? await messaging.StuckOutboxAsync(service, ct) : null;
            var refused = outbox is { Ok: false } ? outbox : null;
            if (failed.Status == 401 || refused?.Status == 401)
            {
                return SignInAgain();
            }

            // The session held the role at sign-in; the API says it no longer does: nothing of any service is shown.
            if (failed.Status == 403)
            {
                return Fail(failed, "") ?? Page();
            }

            if (refused?.Status == 403)
            {
                return Fail(refused, "") ?? Page();
            }

            var unavailable = !failed.Ok ? Unavailable(service, failed.Status, failed.Errors)
                : refused is not null ? Unavailable(service, refused.Status, refused.Errors) : null;
            sections.Add(new ServiceSection(service, failed.Value ?? [], outbox?.Value ?? [], unavailable));
        }

        Sections = sections;
        return Page();
    }

    public async Task<IActionResult> OnPostReplayAsync(CancellationToken ct)
    {
        if (Known(Service) is not { } service || string.IsNullOrEmpty(Queue))
        {
            return await UnknownFormAsync(ct);
        }

        var answer = await messaging.ReplayAsync(service, Queue, MessageId, ct);
        if (answer.Ok)
        {
            Notice = $"Message {MessageId} was sent back to {Queue} ({Title(service)}). It leaves this list; if its consumer fails again it comes back here.";
            return RedirectToPage();
        }

        return await AgainWithRefusalAsync(answer, () => OnGetAsync(ct),
            $"{Title(service)} did not answer, so the message may not have been replayed. Look at the list below before trying again.",
            "The replay was refused.");
    }

    public async Task<IActionResult> OnPostDiscardAsync(CancellationToken ct)
    {
        if (Known(Service) is not { } service || string.IsNullOrEmpty(Queue))
        {
            return await UnknownFormAsync(ct);
        }

        var answer = await messaging.DiscardAsync(service, Queue, MessageId, Reason?.Trim() ?? "", ct);
        if (answer.Ok)
        {
            Notice = $"Message {MessageId} on {Queue} ({Title(service)}) is discarded: it will never be applied. Your name and reason are recorded with it.";
            return RedirectToPage();
        }

        return await AgainWithRefusalAsync(answer, () => OnGetAsync(ct),
            $"{Title(service)} did not answer, so the message may not have been discarded. Look at the list below before trying again.",
            "The discard was refused.");
    }

    public async Task<IActionResult> OnPostRetryAsync(CancellationToken ct)
    {
        if (Known(Service) is not { } service)
        {
            return await UnknownFormAsync(ct);
        }

        var answer = await messaging.RetryOutboxAsync(service, OutboxId, ct);
        if (answer.Ok)
        {
            Notice = $"Outbox message {OutboxId} of {Title(service)} is due now: the relay sends it at its next poll (within seconds). Reload this page to see whether it left.";
            return RedirectToPage();
        }

        return await AgainWithRefusalAsync(answer, () => OnGetAsync(ct),
            $"{Title(service)} did not answer, so the message may not have been made due. Look at the list below before trying again.",
            "The retry was refused.");
    }

    /// <summary>Whether a discard form in a row is the one the API just refused (so it keeps the reason typed).</summary>
    public bool IsRefusedForm(string service, FailedDelivery row) =>
        Errors.Count > 0 && service == Service && row.Queue == Queue && row.MessageId == MessageId;

    private static string? Known(string? service) => MessagingAdminClient.Services.FirstOrDefault(s => s == service);

    private static string Unavailable(string service, int status, IReadOnlyList<string> errors) => status switch
    {
        404 => $"The API address this UI calls hosts no {Title(service)} service, so its messages cannot be shown here. " +
            $"When the services run as separate processes, the gateway in front of them must route /admin/messaging/{service}/ to a {Title(service)} process (docs/operations.md).",
        503 => $"{Title(service)} is not answering at the moment, so its failed deliveries and outbox cannot be shown. Try again in a little while.",
        _ => $"{Title(service)} refused to list its messages: {string.Join(" ", errors)}",
    };

    /// <summary>A form naming no service of ours (edited by hand): the page again, with why.</summary>
    private async Task<IActionResult> UnknownFormAsync(CancellationToken ct)
    {
        var page = await OnGetAsync(ct);
        return page is PageResult ? Refused(400, ["The form did not name a service and message this page shows."]) : page;
    }
}
