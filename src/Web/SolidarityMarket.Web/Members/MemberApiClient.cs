using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Api;

namespace SolidarityMarket.Web.Members;

/// <summary>
/// What every typed client of the signed-in pages shares: each call goes through <see cref="MemberApi"/> with the
/// member's own token (renewed when due or refused), and its answer is read into an <see cref="ApiAnswer{T}"/>.
/// </summary>
public abstract class MemberApiClient(HttpClient http, MemberApi api, ILogger logger)
{
    protected Task<ApiAnswer<T>> SendAsync<T>(Func<HttpRequestMessage> request, CancellationToken ct)
        where T : class => api.SendAsync<T>(http, logger, request, ct);
}
