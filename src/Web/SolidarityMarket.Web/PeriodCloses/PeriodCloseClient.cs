using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Admin;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Members;
using static SolidarityMarket.Web.Members.MemberApi;

namespace SolidarityMarket.Web.PeriodCloses;

/// <summary>
/// The Ledger API's period closes (docs/ledger.md, "Closing a month"), called as the signed-in administrator; a close's
/// steps are <see cref="AdminRunClient{TRun}"/>'s.
/// </summary>
public sealed class PeriodCloseClient(HttpClient http, MemberApi api, ILogger<PeriodCloseClient> logger)
    : AdminRunClient<PeriodClose>(http, api, logger, "api/ledger/period-closes")
{
    /// <summary>The newest months first, of one exchange or (null) every exchange, without their items.</summary>
    public Task<ApiAnswer<PeriodClosePage>> ClosesAsync(string? exchangeId, int page, int pageSize, CancellationToken ct) =>
        SendAsync<PeriodClosePage>(() => Get($"{Runs}?{(exchangeId is null ? "" : $"exchangeId={Uri.EscapeDataString(exchangeId)}&")}page={page}&pageSize={pageSize}"), ct);

    /// <summary>
    /// Computes and stores a close (Previewed) of the month as the journal has it; nothing moves. A null policy field
    /// takes the ledger's configured default.
    /// </summary>
    public Task<ApiAnswer<PeriodClose>> PreviewAsync(PeriodClosePreview preview, CancellationToken ct) =>
        SendAsync<PeriodClose>(() => Post(Runs, preview), ct);
}
