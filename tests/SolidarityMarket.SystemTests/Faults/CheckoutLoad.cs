using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests.Faults;

/// <summary>One planned checkout: which buyer buys how many units of which vendor's listing, under which key.</summary>
public sealed record PlannedCheckout(int Number, CheckoutBuyer Buyer, CheckoutVendor Vendor, int Quantity, string Key);

/// <summary>
/// What the buyer's client finally heard for one checkout key: the checkout (and its one order) of the 201, or the
/// refusal (4xx status and problem type), or nothing by the deadline. <see cref="Attempts"/> counts the POSTs.
/// </summary>
public sealed class CheckoutAnswer(PlannedCheckout planned)
{
    public PlannedCheckout Planned { get; } = planned;

    public Guid? CheckoutId { get; set; }

    public Guid? OrderId { get; set; }

    public int? RefusedStatus { get; set; }

    public string? RefusedType { get; set; }

    public int Attempts { get; set; }

    public string? LastFailure { get; set; }

    public bool Created => CheckoutId is not null;
}

/// <summary>
/// Buyers' clients sending credit checkouts to Ordering, <c>concurrency</c> at a time, each as soon as the previous
/// one was answered (orders pile up in the queues behind, so a fault hits messages in flight). A client behaves as a
/// real one should: a request that failed without an answer (connection refused or reset, timeout, 5xx) is sent
/// again with the SAME idempotency key and body until it is answered, so a checkout committed just before a crash is
/// answered from storage instead of being made twice. A 4xx is final.
/// </summary>
public sealed class CheckoutLoad
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IReadOnlyList<PlannedCheckout> _planned;
    private readonly ConcurrentDictionary<string, CheckoutAnswer> _answers = new();
    private readonly TaskCompletionSource _resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _answered;
    private int _pauseAt = int.MaxValue;

    public CheckoutLoad(CheckoutWorld world, int checkouts, int maxQuantity, int seed)
    {
        var random = new Random(seed);
        KeyPrefix = $"fault-{seed}-{Guid.NewGuid():N}-";
        _planned = Enumerable.Range(0, checkouts)
            .Select(i => new PlannedCheckout(i, world.Buyers[random.Next(world.Buyers.Count)], world.Vendors[random.Next(world.Vendors.Count)],
                random.Next(1, maxQuantity + 1), KeyPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>What every idempotency key of this load starts with.</summary>
    public string KeyPrefix { get; }

    public IReadOnlyCollection<CheckoutAnswer> Answers => [.. _answers.Values.OrderBy(a => a.Planned.Number)];

    public int Answered => Volatile.Read(ref _answered);

    /// <summary>
    /// Makes the clients stop sending new checkouts once <paramref name="answered"/> were answered (those in flight
    /// still finish) until <see cref="Resume"/>: a fault that takes a while to strike (a broker shutdown) then
    /// strikes while the rest of the run is still to come.
    /// </summary>
    public void PauseAfter(int answered) => _pauseAt = answered;

    public void Resume() => _resumed.TrySetResult();

    /// <summary>Checkout POSTs that had to be sent again (no answer the first time).</summary>
    public int Retried => _answers.Values.Sum(a => Math.Max(0, a.Attempts - 1));

    /// <summary>Sends every planned checkout; finishes when each is answered or <paramref name="deadline"/> has passed for it.</summary>
    public async Task RunAsync(Uri ordering, int concurrency, TimeSpan deadline)
    {
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30), UseCookies = false };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var uri = new Uri(ordering, "/api/ordering/checkouts");
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < _planned.Count)
            {
                if (Answered >= _pauseAt)
                {
                    await _resumed.Task;
                }

                var answer = _answers.GetOrAdd(_planned[index].Key, _ => new CheckoutAnswer(_planned[index]));
                await SendUntilAnsweredAsync(http, uri, answer, deadline);
                Interlocked.Increment(ref _answered);
            }
        })));
    }

    private static async Task SendUntilAnsweredAsync(HttpClient http, Uri uri, CheckoutAnswer answer, TimeSpan deadline)
    {
        var planned = answer.Planned;
        var body = CheckoutWorld.CheckoutBody(planned.Vendor, planned.Buyer, planned.Key, planned.Quantity);
        var giveUpAt = DateTimeOffset.UtcNow + deadline;
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            answer.Attempts++;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body, options: Json) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", planned.Buyer.Token);
                using var response = await http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var checkout = JsonDocument.Parse(text).RootElement;
                    answer.CheckoutId = checkout.GetProperty("id").GetGuid();
                    answer.OrderId = checkout.GetProperty("orders")[0].GetProperty("id").GetGuid();
                    return;
                }

                if ((int)response.StatusCode is >= 400 and < 500)
                {
                    answer.RefusedStatus = (int)response.StatusCode;
                    answer.RefusedType = JsonDocument.Parse(text).RootElement.TryGetProperty("type", out var type) ? type.GetString() : text;
                    return;
                }

                answer.LastFailure = $"{(int)response.StatusCode} {(text.Length > 200 ? text[..200] : text)}";
            }
            // Any transport failure is retried, as a client would.
            catch (Exception ex) when (TransportFailure.Is(ex))
            {
                answer.LastFailure = $"{ex.GetType().Name}: {ex.Message}";
            }

            if (DateTimeOffset.UtcNow > giveUpAt)
            {
                return;
            }

            // A client's back-off before sending the same request again (not a synchronisation: the answer decides).
            await Task.Delay(backoff);
            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 1_000));
        }
    }
}
