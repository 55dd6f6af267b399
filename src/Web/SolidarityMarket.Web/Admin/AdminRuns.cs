using System.Globalization;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Members;
using static SolidarityMarket.Web.Members.MemberApi;

namespace SolidarityMarket.Web.Admin;

/// <summary>
/// What every administrators' run of the ledger has (settlement and clearing runs share one lifecycle, ADR 0023):
/// Previewed → Approved → Posted, or Abandoned, each step with who and when.
/// </summary>
public interface IAdminRun
{
    Guid Id { get; }

    string Status { get; }

    bool NeedsSecondApprover { get; }

    string PreviewedBy { get; }

    DateTimeOffset PreviewedAt { get; }

    string? ApprovedBy { get; }

    DateTimeOffset? ApprovedAt { get; }

    string? PostedBy { get; }

    DateTimeOffset? PostedAt { get; }

    string? AbandonedBy { get; }

    DateTimeOffset? AbandonedAt { get; }

    string? AbandonReason { get; }
}

/// <summary>Which steps a run's status still allows.</summary>
public static class AdminRunSteps
{
    public static bool CanApprove(this IAdminRun run) => run.Status == "Previewed";

    public static bool CanPost(this IAdminRun run) => run.Status == "Approved";

    public static bool CanAbandon(this IAdminRun run) => run.Status is "Previewed" or "Approved";

    /// <summary>A moment as the run pages show it.</summary>
    public static string When(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

/// <summary>
/// One kind of run (<c>api/ledger/{runs}</c>) as the administrator's pages call it (<see cref="MemberApi"/>): the API
/// decides who may, and answers 403 to anyone else. Approve, post and abandon answer 200 with the run when repeated.
/// </summary>
public abstract class AdminRunClient<TRun>(HttpClient http, MemberApi api, ILogger logger, string runs)
    : MemberApiClient(http, api, logger)
    where TRun : class, IAdminRun
{
    protected string Runs { get; } = runs;

    public Task<ApiAnswer<TRun>> RunAsync(Guid id, CancellationToken ct) =>
        SendAsync<TRun>(() => Get($"{Runs}/{id}"), ct);

    public Task<ApiAnswer<TRun>> ApproveAsync(Guid id, CancellationToken ct) =>
        SendAsync<TRun>(() => Post($"{Runs}/{id}/approve", new { }), ct);

    public Task<ApiAnswer<TRun>> PostAsync(Guid id, CancellationToken ct) =>
        SendAsync<TRun>(() => Post($"{Runs}/{id}/post", new { }), ct);

    public Task<ApiAnswer<TRun>> AbandonAsync(Guid id, string? reason, CancellationToken ct) =>
        SendAsync<TRun>(() => Post($"{Runs}/{id}/abandon", new { reason }), ct);
}

/// <summary>What the <c>_RunHistory</c> partial shows: a run's steps and who took them, named.</summary>
public sealed record RunHistoryView(IAdminRun Run, People People);
