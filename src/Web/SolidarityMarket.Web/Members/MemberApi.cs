using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Api;

namespace SolidarityMarket.Web.Members;

/// <summary>
/// A call to a service's API as the signed-in member (<see cref="MemberSession"/>), for the typed clients of the
/// member pages: the API decides what the member may see and do, the pages only show its answers.
/// </summary>
public sealed class MemberApi(MemberSession session)
{
    /// <summary>
    /// Sends with the member's token; once more with a renewed token if the API refused it (401). Without a token the
    /// answer is the session's reason: 401 (sign in) or 503 (the renewal got no answer).
    /// </summary>
    public async Task<ApiAnswer<T>> SendAsync<T>(HttpClient http, ILogger logger, Func<HttpRequestMessage> request, CancellationToken ct)
        where T : class
    {
        var answer = ApiAnswer.Failed<T>(401);
        foreach (var renew in (bool[])[false, true])
        {
            var token = await session.AccessTokenAsync(renew, ct);
            if (token.Token is null)
            {
                return ApiAnswer.Failed<T>(token.Status);
            }

            using var message = request();
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            answer = await ApiCall.SendAsync<T>(http, message, logger, ct);
            if (answer.Status != 401)
            {
                return answer;
            }
        }

        await session.SignOutAsync();
        return answer;
    }

    public static HttpRequestMessage Get(string path) => new(HttpMethod.Get, Relative(path));

    public static HttpRequestMessage Post(string path, object body) => With(HttpMethod.Post, path, body);

    public static HttpRequestMessage Put(string path, object body) => With(HttpMethod.Put, path, body);

    public static HttpRequestMessage Delete(string path) => new(HttpMethod.Delete, Relative(path));

    private static HttpRequestMessage With(HttpMethod method, string path, object body) =>
        new(method, Relative(path)) { Content = JsonContent.Create(body, options: ApiCall.Json) };

    private static Uri Relative(string path) => new(path, UriKind.Relative);
}
