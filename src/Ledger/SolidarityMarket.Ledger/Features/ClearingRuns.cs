using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// What the clearing-run use cases share (all of them for administrators only): the representation and the 409s.
/// A run goes Previewed → Approved → Posted, or to Abandoned from either of the first two; see docs/ledger.md,
/// "Clearing obligations".
/// </summary>
public static class ClearingRuns
{
    public const string Route = "/clearing-runs";

    /// <summary>A run as administrators see it; amounts are credit hundredths.</summary>
    public sealed record ClearingRunDto(
        Guid Id, string ExchangeId, string Status, int ObligationCount, int SkippedCount, long TotalBefore, long TotalSetOff,
        long TotalAfter, bool NeedsSecondApprover, string PreviewedBy, DateTimeOffset PreviewedAt, string? ApprovedBy,
        DateTimeOffset? ApprovedAt, string? PostedBy, DateTimeOffset? PostedAt, string? AbandonedBy, DateTimeOffset? AbandonedAt,
        string? AbandonReason, IReadOnlyList<LineDto>? Lines, IReadOnlyList<AccountDto>? Accounts)
    {
        /// <summary>The run; its lines and accounts only when <paramref name="details"/> (a single run, not a list).</summary>
        public static ClearingRunDto From(ClearingRun r, ClearingSettings settings, bool details) => new(
            r.Id, r.ExchangeId, r.Status.ToString(), r.ObligationCount, r.SkippedCount, r.TotalBefore, r.TotalSetOff, r.TotalAfter,
            ClearingRuns.NeedsSecondApprover(r, settings), r.PreviewedBy, r.PreviewedAt, r.ApprovedBy, r.ApprovedAt, r.PostedBy, r.PostedAt,
            r.AbandonedBy, r.AbandonedAt, r.AbandonReason,
            details ? r.Lines.OrderBy(l => l.RequestId).Select(l => new LineDto(l.RequestId, l.PayerAccountId, l.PayeeAccountId, l.OutstandingBefore, l.SetOff, l.OutstandingBefore - l.SetOff)).ToList() : null,
            details ? r.Accounts.OrderBy(a => a.AccountId).Select(a => new AccountDto(
                a.AccountId, a.OwedBefore, a.OwedToBefore, a.SetOff, a.OwedBefore - a.SetOff, a.OwedToBefore - a.SetOff, a.OwedToBefore - a.OwedBefore)).ToList() : null);
    }

    /// <summary>The set-off on one payment request: what the payer owed before, what the run removes, what is left.</summary>
    public sealed record LineDto(Guid RequestId, Guid PayerAccountId, Guid PayeeAccountId, long OutstandingBefore, long SetOff, long OutstandingAfter);

    /// <summary>
    /// One account: what it owed and was owed before and after. <c>netPosition</c> (owed to it − owed by it) is the
    /// same before and after, which is what makes the set-off fair.
    /// </summary>
    public sealed record AccountDto(Guid AccountId, long OwedBefore, long OwedToBefore, long SetOff, long OwedAfter, long OwedToAfter, long NetPosition);

    /// <summary>Body of abandon.</summary>
    public sealed record ReasonRequest(string? Reason);

    public static bool NeedsSecondApprover(ClearingRun run, ClearingSettings settings) => run.TotalSetOff > settings.SecondApprovalAbove;

    public static IResult NotFound(Guid id) => LedgerProblems.NotFound($"Clearing run {id}");

    public static IResult Ok(ClearingRun run, ClearingSettings settings) => TypedResults.Ok(ClearingRunDto.From(run, settings, details: true));

    public static Task<ClearingRun?> FindAsync(LedgerDbContext db, Guid id, CancellationToken ct) =>
        db.ClearingRuns.Include(r => r.Lines).Include(r => r.Accounts).AsSplitQuery().FirstOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>
    /// A change of the run's status under its optimistic concurrency token: load it, <paramref name="decide"/> on what
    /// it is (an answer ends there: a replay, a refusal), else <paramref name="apply"/> and save. Losing a race reloads
    /// and decides again, so two administrators can never both move the same run.
    /// </summary>
    public static async Task<IResult> ChangeAsync(
        LedgerDbContext db, Guid id, ClearingSettings settings, Func<ClearingRun, IResult?> decide, Action<ClearingRun> apply, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= PaymentRequests.MaxAttempts; attempt++)
        {
            db.ChangeTracker.Clear();
            var run = await FindAsync(db, id, ct);
            if (run is null)
            {
                return NotFound(id);
            }

            if (decide(run) is { } answer)
            {
                return answer;
            }

            apply(run);
            run.Version++;
            try
            {
                await db.SaveChangesAsync(ct);
                return Ok(run, settings);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Approved, posted or abandoned by someone else meanwhile: decide again on what it is now.
            }
        }

        return Busy(id);
    }

    /// <summary>409 for an action the run's status does not allow, typed <c>clearing-run-{status}</c>.</summary>
    public static IResult InvalidTransition(ClearingRun run, string action) => Conflict(
        run.Status switch
        {
            ClearingRunStatus.Previewed => "clearing-run-not-approved",
            ClearingRunStatus.Posted => "clearing-run-posted",
            _ => "clearing-run-abandoned",
        },
        run.Status == ClearingRunStatus.Previewed
            ? $"Clearing run {run.Id} is not approved yet; it cannot be {action}. Approve it first."
            : $"Clearing run {run.Id} is {run.Status}; it cannot be {action}.",
        run.Status);

    public static IResult Busy(Guid id) => Conflict(
        "clearing-run-busy", $"Clearing run {id} kept changing while this request tried to change it; try again.", null);

    public static IResult Conflict(string type, string detail, ClearingRunStatus? status, IDictionary<string, object?>? more = null)
    {
        var extensions = new Dictionary<string, object?>();
        if (status is { } current)
        {
            extensions["runStatus"] = current.ToString();
        }

        foreach (var (key, value) in more ?? new Dictionary<string, object?>())
        {
            extensions[key] = value;
        }

        return TypedResults.Problem(
            detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict", type: ProblemTypes.Named(type), extensions: extensions);
    }
}
