using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SolidarityMarket.Web.Api;

/// <summary>What a call answers whose success has no body to read (Identity's register answers 200 with none).</summary>
public sealed class NoBody
{
    public static readonly NoBody Value = new();

    private NoBody()
    {
    }
}

/// <summary>
/// One call to a service's HTTP API, read into an <see cref="ApiAnswer{T}"/>. Never throws for an API that is down,
/// slow or refusing (only for the page's own cancellation): a 4xx keeps its status and the ProblemDetails' messages,
/// anything else that is not a success reads as 503 "not answering" and is logged.
/// </summary>
public static class ApiCall
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<ApiAnswer<T>> SendAsync<T>(HttpClient http, HttpRequestMessage request, ILogger logger, CancellationToken ct)
        where T : class
    {
        var path = request.RequestUri?.ToString() ?? "";
        try
        {
            using var response = await http.SendAsync(request, ct);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode && typeof(T) == typeof(NoBody))
            {
                return new ApiAnswer<T>((T)(object)NoBody.Value, status, []);
            }

            if (response.IsSuccessStatusCode)
            {
                var value = await response.Content.ReadFromJsonAsync<T>(Json, ct);
                return value is null ? ApiAnswer.Failed<T>(503) : new ApiAnswer<T>(value, status, []);
            }

            if (status is >= 400 and < 500 && status != 408)
            {
                var (messages, reason) = await ProblemAsync(response, ct);
                return ApiAnswer.Failed<T>(status, messages, reason);
            }

            logger.LogWarning("API {Method} {Path} answered {Status}", request.Method, path, status);
            return ApiAnswer.Failed<T>(503);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException or NotSupportedException
            || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            // Down, unreachable, timed out, or answering something that is not the API (a misconfigured Web:ApiBaseUrl).
            logger.LogWarning(ex, "API {Method} {Path} did not answer", request.Method, path);
            return ApiAnswer.Failed<T>(503);
        }
    }

    /// <summary>
    /// The messages of a ProblemDetails — a ValidationProblem's <c>errors</c> (field → messages), else its
    /// <c>detail</c>, else its <c>title</c> — and its <c>reason</c>; nothing for a body that is not one.
    /// </summary>
    private static async Task<(IReadOnlyList<string> Messages, string? Reason)> ProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var problem = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
            var root = problem.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ([], null);
            }

            var reason = root.TryGetProperty("reason", out var named) && named.ValueKind == JsonValueKind.String ? named.GetString() : TypeName(root);
            return (Messages(root), reason);
        }
        catch (JsonException)
        {
            return ([], null);
        }
    }

    /// <summary>
    /// The problem's name from its <c>type</c> (<c>…/problems/second-approver-required</c>, or for an unnamed refusal its
    /// status's name, <c>…/problems/forbidden</c>); null without one.
    /// </summary>
    private static string? TypeName(JsonElement root)
    {
        if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() is not { } uri)
        {
            return null;
        }

        var name = uri[(uri.LastIndexOf('/') + 1)..];
        return name.Length > 0 && uri.Contains("/problems/", StringComparison.Ordinal) ? name : null;
    }

    private static IReadOnlyList<string> Messages(JsonElement root)
    {
        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            return errors.EnumerateObject()
                .SelectMany(field => field.Value.ValueKind == JsonValueKind.Array ? field.Value.EnumerateArray() : Enumerable.Empty<JsonElement>())
                .Select(message => message.ValueKind == JsonValueKind.String ? message.GetString() ?? "" : "")
                .Where(message => message.Length > 0)
                .ToList();
        }

        foreach (var name in (string[])["detail", "title"])
        {
            if (root.TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.String && text.GetString() is { Length: > 0 } message)
            {
                return [message];
            }
        }

        return [];
    }
}
