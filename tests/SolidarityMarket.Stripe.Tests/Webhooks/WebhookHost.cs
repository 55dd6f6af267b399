using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Features.Payments;
using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Ordering.Payments.Stripe;
using SolidarityMarket.Stripe.Tests.Fake;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Stripe.Tests.Webhooks;

/// <summary>
/// Ordering in a test host with Stripe configured against the fake Stripe server (so the webhook re-reads objects
/// through the real gateway and Stripe.net), and the order side replaced by <see cref="RecordingCardPaymentEvents"/>.
/// SQLite by default; PostgreSQL when given a connection string.
/// </summary>
public sealed class WebhookHost : IAsyncDisposable
{
    private readonly MarketplaceFactory _root;

    /// <param name="realOrderSide">Keep Ordering's own <see cref="ICardPaymentEvents"/> instead of the recording double.</param>
    public WebhookHost(string? postgres = null, IReadOnlyDictionary<string, string?>? moreSettings = null, bool realOrderSide = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Modules"] = "Ordering",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Stripe:SecretKey"] = FakeStripeServer.SecretKey,
            ["Stripe:WebhookSecret"] = StripeEvents.Secret,
            ["Stripe:ApiBase"] = Stripe.Url,
        };
        if (postgres is not null)
        {
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:Default"] = postgres;
            settings["Database:MigrateOnStartup"] = "true"; // a fresh test database: migrate it at start like the embedded default
        }

        foreach (var (key, value) in moreSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        _root = new MarketplaceFactory(settings);
        Factory = realOrderSide ? _root : _root.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.RemoveAll<ICardPaymentEvents>();
            s.AddSingleton<ICardPaymentEvents>(Orders);
        }));
        Client = Factory.CreateClient();
    }

    public FakeStripeServer Stripe { get; } = new();

    public RecordingCardPaymentEvents Orders { get; } = new();

    public WebApplicationFactory<Program> Factory { get; }

    public HttpClient Client { get; }

    public ICardPaymentGateway Gateway => Factory.Services.GetRequiredService<ICardPaymentGateway>();

    /// <summary>POSTs <paramref name="payload"/> as Stripe would, signed now (or with the given header).</summary>
    public Task<HttpResponseMessage> PostAsync(string payload, string? signature = "sign-now")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, StripeWebhook.Route)
        {
            Content = new StringContent(payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature == "sign-now" ? StripeEvents.Sign(payload, DateTimeOffset.UtcNow) : signature);
        }

        return Client.SendAsync(request);
    }

    public async Task<List<string>> RecordedEventIdsAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        return await db.Set<StripeWebhookEvent>().AsNoTracking().Select(e => e.EventId).OrderBy(e => e).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _root.DisposeAsync();
        Stripe.Dispose();
    }
}
