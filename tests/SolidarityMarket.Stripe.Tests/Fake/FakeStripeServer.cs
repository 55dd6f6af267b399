using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace SolidarityMarket.Stripe.Tests.Fake;

/// <summary>
/// A local stand-in for api.stripe.com (WireMock.Net), for the real Stripe.net client pointed at it through
/// <c>StripeClientOptions.ApiBase</c>. It answers the endpoints the gateway calls with objects built from Stripe's
/// fixtures, remembers what was created, honours <c>Idempotency-Key</c> like Stripe (the same key and parameters
/// replay the first answer; the same key with other parameters is a 400 <c>idempotency_error</c>), checks the bearer
/// key, and records every request so tests can assert what was sent.
/// </summary>
public sealed partial class FakeStripeServer : IDisposable
{
    public const string SecretKey = "sk_test_fake_solidarity_market";

    private readonly WireMockServer _server;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Fingerprint, int Status, string Body)> _idempotent = new(StringComparer.Ordinal);
    private readonly List<RecordedStripeRequest> _requests = [];
    private readonly List<JsonObject> _balance = [];
    private readonly List<(string Method, string Path, FakeStripeError Error, int Times)> _failures = [];
    private int _sequence;

    public FakeStripeServer()
    {
        _server = WireMockServer.Start();
        _server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(Handle));
    }

    /// <summary>The base URL to give Stripe.net as ApiBase.</summary>
    public string Url => _server.Url!;

    /// <summary>Page size of list endpoints whatever <c>limit</c> asks, so auto-paging is exercised with few objects.</summary>
    public int PageSize { get; set; } = 2;

    /// <summary>The clock of created timestamps (Unix seconds).</summary>
    public DateTimeOffset Now { get; set; } = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<RecordedStripeRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Requests to exactly <paramref name="path"/> with <paramref name="method"/>.</summary>
    public IReadOnlyList<RecordedStripeRequest> RequestsTo(string method, string path) =>
        Requests.Where(r => r.Method == method && r.Path == path).ToList();

    /// <summary>The next <paramref name="times"/> requests matching method and path answer <paramref name="error"/> (not cached).</summary>
    public void Fail(string method, string path, FakeStripeError error, int times = 1)
    {
        lock (_gate)
        {
            _failures.Add((method, path, error, times));
        }
    }

    /// <summary>Stops every pending <see cref="Fail"/>: Stripe is healthy again.</summary>
    public void ClearFailures()
    {
        lock (_gate)
        {
            _failures.Clear();
        }
    }

    /// <summary>
    /// A day has passed: Stripe prunes idempotency keys once they are at least 24 hours old, after which a request
    /// under an old key runs again as a new one (and creates a new object).
    /// </summary>
    public void ForgetIdempotencyKeys()
    {
        lock (_gate)
        {
            _idempotent.Clear();
        }
    }

    /// <summary>A copy of a stored object (payment intent, charge, transfer, ...).</summary>
    public JsonObject Get(string id)
    {
        lock (_gate)
        {
            return _objects[id].DeepClone().AsObject();
        }
    }

    public void Dispose() => _server.Stop();

    private ResponseMessage Handle(IRequestMessage request)
    {
        var method = request.Method.ToUpperInvariant();
        var form = method == "GET" || method == "DELETE" ? Parse(request.RawQuery) : Parse(request.Body);
        var key = Header(request, "Idempotency-Key");
        var authorization = Header(request, "Authorization");
        lock (_gate)
        {
            var (status, body, replayed) = Answer(method, request.Path, form, key, authorization, request.Body ?? "");
            _requests.Add(new RecordedStripeRequest(method, request.Path, form, key, authorization, status, replayed));
            return Json(status, body, replayed);
        }
    }

    private (int Status, string Body, bool Replayed) Answer(
        string method, string path, Dictionary<string, string> form, string? key, string? authorization, string rawBody)
    {
        if (authorization != "Bearer " + SecretKey)
        {
            return (401, new FakeStripeError(401, "invalid_request_error", null, "Invalid API Key provided.").ToJson().ToJsonString(), false);
        }

        var failure = _failures.FindIndex(f => f.Method == method && f.Path == path);
        if (failure >= 0)
        {
            var (m, p, error, times) = _failures[failure];
            if (times <= 1)
            {
                _failures.RemoveAt(failure);
            }
            else
            {
                _failures[failure] = (m, p, error, times - 1);
            }

            return (error.Status, error.ToJson().ToJsonString(), false);
        }

        var fingerprint = $"{method} {path}\n{rawBody}";
        if (method == "POST" && key is not null && _idempotent.TryGetValue(key, out var earlier))
        {
            return earlier.Fingerprint == fingerprint
                ? (earlier.Status, earlier.Body, true)
                : (400, new FakeStripeError(400, "idempotency_error", null,
                    $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request.")
                    .ToJson().ToJsonString(), false);
        }

        JsonObject answer;
        int status;
        try
        {
            answer = Route(method, path, form);
            status = 200;
        }
        catch (StripeErrorException ex)
        {
            answer = ex.Error.ToJson();
            status = ex.Error.Status;
        }

        var text = answer.ToJsonString();

        // Like Stripe: results of requests that ran (successes and card declines) are saved under the key; requests
        // refused in validation are not, so a corrected retry with the same key can still run.
        if (method == "POST" && key is not null && (status == 200 || status == 402))
        {
            _idempotent[key] = (fingerprint, status, text);
        }

        return (status, text, false);
    }

    private static Dictionary<string, string> Parse(string? encoded)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(encoded))
        {
            return result;
        }

        foreach (var (name, values) in QueryHelpers.ParseQuery(encoded.StartsWith('?') ? encoded : "?" + encoded))
        {
            result[name] = values.ToString();
        }

        return result;
    }

    private static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    private static ResponseMessage Json(int status, string body, bool replayed)
    {
        var headers = new Dictionary<string, WireMockList<string>>
        {
            ["Content-Type"] = new("application/json"),
            ["Request-Id"] = new("req_" + Guid.NewGuid().ToString("N")[..14]),
        };
        if (replayed)
        {
            headers["Idempotent-Replayed"] = new("true");
        }

        return new ResponseMessage
        {
            StatusCode = status,
            Headers = headers,
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
    }

    private string NewId(string prefix) => $"{prefix}_fake{Interlocked.Increment(ref _sequence):D6}";

    private long Created() => Now.ToUnixTimeSeconds();

    /// <summary>Thrown by a route to answer with a Stripe error.</summary>
    private sealed class StripeErrorException(FakeStripeError error) : Exception(error.Message)
    {
        public FakeStripeError Error { get; } = error;
    }
}
