using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Payments.Stripe;
using Stripe;

namespace SolidarityMarket.Ordering.Features.Payments;

/// <summary>
/// <c>POST /api/payments/stripe/webhook</c>: Stripe's notifications. Anonymous — Stripe cannot sign in — and
/// trusted only through the <c>Stripe-Signature</c> header (HMAC of the raw body with the endpoint's secret, and a
/// timestamp within the tolerance against replays). A forged, unsigned or stale request is a 400 and stores
/// nothing. A verified event is deduplicated on its id, acted on, and only then recorded; if acting fails the
/// answer is 503 and nothing is recorded, so Stripe's retry is handled afresh (the handlers are idempotent, so a
/// crash between acting and recording is safe too).
/// </summary>
public static class StripeWebhook
{
    public const string Route = "/api/payments/stripe/webhook";

    /// <summary>Larger bodies are not Stripe events (they are a few kilobytes); refused before any parsing.</summary>
    public const int MaxBodyBytes = 512 * 1024;

    public sealed record WebhookReceipt(string EventId, string Type, string Outcome);

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Route, Handle)
            .AllowAnonymous()
            .WithTags("Payments")
            .WithName("StripeWebhook")
            .WithSummary("Stripe: signed event notifications (verified by Stripe-Signature, not by sign-in)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    public static async Task<Results<Ok<WebhookReceipt>, ProblemHttpResult>> Handle(
        HttpRequest request, IServiceProvider services, IOptions<StripeOptions> options, TimeProvider time, ILoggerFactory logs, CancellationToken ct)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.WebhookSecret))
        {
            return StripeProblems.WebhooksNotConfigured();
        }

        var signature = request.Headers["Stripe-Signature"].ToString();
        if (string.IsNullOrWhiteSpace(signature))
        {
            return StripeProblems.InvalidSignature("The Stripe-Signature header is missing.");
        }

        var json = await ReadBodyAsync(request, ct);
        if (json is null)
        {
            return StripeProblems.InvalidSignature($"The body is larger than {MaxBodyBytes} bytes; not a Stripe event.");
        }

        Event? stripeEvent = null;
        StripeException? refused = null;
        try
        {
            // The platform endpoint and the Connect endpoint (connected accounts' events, account.updated) sign with
            // different secrets; a signature valid under either is Stripe's. The clock comes from TimeProvider, so
            // the replay window is testable; the API version of the event is not enforced (the endpoint's version in
            // the dashboard may run ahead of the library's).
            foreach (var secret in settings.WebhookSecrets())
            {
                try
                {
                    stripeEvent = EventUtility.ConstructEvent(json, signature, secret, settings.WebhookToleranceSeconds,
                        time.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
                    break;
                }
                catch (StripeException ex)
                {
                    refused ??= ex;
                }
            }
        }
        catch (Exception)
        {
            // ConstructEvent checks the signature before it parses, so anything else it throws (JSON errors, an array
            // or an object of the wrong shape: System.Text.Json, Newtonsoft and InvalidOperationException alike) is a
            // signed body that is not an event. That is the sender's fault, not a 500.
            return StripeProblems.InvalidSignature("The signed body is not a Stripe event.");
        }

        if (stripeEvent is null)
        {
            return StripeProblems.InvalidSignature(refused?.Message ?? "The signature is not valid.");
        }

        if (string.IsNullOrEmpty(stripeEvent.Id) || stripeEvent.Id.Length > StripeWebhookEvent.MaxIdLength || string.IsNullOrEmpty(stripeEvent.Type))
        {
            return StripeProblems.InvalidSignature("The signed body carries no usable event id or type.");
        }

        var log = logs.CreateLogger(typeof(StripeWebhook));
        try
        {
            return TypedResults.Ok(await ProcessAsync(stripeEvent, services, time, ct));
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Whatever failed (the order side, the re-read at Stripe, the database), the event is not recorded and
            // Stripe retries it: a 503, not a 500, because the request itself was fine.
            log.LogWarning(ex, "Stripe event {EventId} ({Type}) could not be handled; answered 503 so Stripe retries", stripeEvent.Id, stripeEvent.Type);
            return StripeProblems.HandlerFailed(stripeEvent.Type);
        }
    }

    private static async Task<WebhookReceipt> ProcessAsync(Event stripeEvent, IServiceProvider services, TimeProvider time, CancellationToken ct)
    {
        var db = services.GetRequiredService<OrderingDbContext>();
        var seen = db.Set<StripeWebhookEvent>();
        if (await seen.AnyAsync(e => e.EventId == stripeEvent.Id, ct))
        {
            return new WebhookReceipt(stripeEvent.Id, stripeEvent.Type, "duplicate");
        }

        if (!StripeWebhookHandler.Handles(stripeEvent.Type))
        {
            return new WebhookReceipt(stripeEvent.Id, stripeEvent.Type, "ignored");
        }

        // Built per event rather than registered: its dependencies (the order side) are only needed, and only
        // checked, when there is an event to act on; a missing one is then a 503 like any other handler failure.
        await ActivatorUtilities.CreateInstance<StripeWebhookHandler>(services).HandleAsync(stripeEvent, ct);

        seen.Add(new StripeWebhookEvent
        {
            EventId = stripeEvent.Id,
            Type = stripeEvent.Type,
            CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(stripeEvent.Created, DateTimeKind.Utc)),
            ProcessedAt = time.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (!await RecordedAsync(services, stripeEvent.Id, ct))
            {
                throw;
            }

            // A concurrent delivery of the same event recorded it first; both acted, which the handlers tolerate.
            return new WebhookReceipt(stripeEvent.Id, stripeEvent.Type, "duplicate");
        }

        return new WebhookReceipt(stripeEvent.Id, stripeEvent.Type, "handled");
    }

    private static async Task<bool> RecordedAsync(IServiceProvider services, string eventId, CancellationToken ct)
    {
        // A fresh scope: the failed context still tracks the rejected row.
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        return await db.Set<StripeWebhookEvent>().AnyAsync(e => e.EventId == eventId, ct);
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        // The signature covers the exact bytes Stripe sent, so the body is read raw, never re-serialised.
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
