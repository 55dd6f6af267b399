using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// One kind of administrators' run: its name in messages ("Clearing run"), its problem-type prefix
/// (<c>clearing-run</c>), how to load one with its rows, how to answer with one, whether approving it needs a
/// second administrator, and what (if anything) refuses abandoning it as it is now.
/// </summary>
public sealed record RunKind<TRun>(
    string Name, string ProblemPrefix, Func<LedgerDbContext, Guid, CancellationToken, Task<TRun?>> Find, Func<TRun, IResult> Ok,
    Func<TRun, bool> NeedsSecondApprover, Func<LedgerDbContext, TRun, CancellationToken, Task<IResult?>>? RefuseAbandon = null)
    where TRun : AdminRun;

/// <summary>
/// The lifecycle every administrators' run shares (<see cref="AdminRun"/>): Previewed → Approved → Posted, or
/// Abandoned from either of the first two; each change under the run's optimistic concurrency token, repeats
/// answering 200, anything else 409 typed <c>{prefix}-not-approved</c>, <c>-posted</c>, <c>-abandoned</c>.
/// </summary>
public static class AdminRuns
{
    /// <summary>Body of abandon.</summary>
    public sealed record ReasonRequest(string? Reason);

    /// <summary>
    /// Previewed → Approved. Above the kind's threshold the administrator who previewed it gets 403
    /// <c>second-approver-required</c> (logged). Approving again, or a posted run, answers 200 with the run.
    /// </summary>
    public static Task<IResult> ApproveAsync<TRun>(
        RunKind<TRun> kind, Guid id, ClaimsPrincipal user, LedgerDbContext db, TimeProvider time, ILogger logger, CancellationToken ct)
        where TRun : AdminRun
    {
        var userId = user.UserId();
        return ChangeAsync(kind, db, id,
            run => run.Status switch
            {
                RunStatus.Approved or RunStatus.Posted => kind.Ok(run),
                RunStatus.Abandoned => InvalidTransition(kind, run, "approved"),
                _ when kind.NeedsSecondApprover(run) && run.PreviewedBy == userId => SecondApproverRequired(kind, run, userId, logger),
                _ => null,
            },
            run =>
            {
                run.Status = RunStatus.Approved;
                run.ApprovedBy = userId;
                run.ApprovedAt = time.GetUtcNow();
            },
            ct);
    }

    /// <summary>Previewed or Approved → Abandoned with an optional reason (≤ 500); again 200, a posted run 409.</summary>
    public static async Task<IResult> AbandonAsync<TRun>(
        RunKind<TRun> kind, Guid id, ReasonRequest? body, ClaimsPrincipal user, LedgerDbContext db, TimeProvider time, CancellationToken ct)
        where TRun : AdminRun
    {
        var errors = new RequestErrors().Text(body?.Reason, "reason", AdminRun.MaxReasonLength, required: false);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return await ChangeAsync(kind, db, id,
            async run => run.Status switch
            {
                RunStatus.Abandoned => kind.Ok(run),
                RunStatus.Posted => InvalidTransition(kind, run, "abandoned"),
                _ => kind.RefuseAbandon is { } refuse ? await refuse(db, run, ct) : null,
            },
            run => Abandon(run, user.UserId(), time.GetUtcNow(), body?.Reason?.Trim() is { Length: > 0 } reason ? reason : null),
            ct);
    }

    public static void Abandon(AdminRun run, string userId, DateTimeOffset now, string? reason)
    {
        run.Status = RunStatus.Abandoned;
        run.AbandonedBy = userId;
        run.AbandonedAt = now;
        run.AbandonReason = reason is { Length: > AdminRun.MaxReasonLength } ? reason[..AdminRun.MaxReasonLength] : reason;
    }

    /// <summary>
    /// A change of the run's status: load it, <paramref name="decide"/> on what it is (an answer ends there: a replay,
    /// a refusal), else <paramref name="apply"/> and save. Losing a race reloads and decides again, so two
    /// administrators can never both move the same run.
    /// </summary>
    public static Task<IResult> ChangeAsync<TRun>(
        RunKind<TRun> kind, LedgerDbContext db, Guid id, Func<TRun, IResult?> decide, Action<TRun> apply, CancellationToken ct)
        where TRun : AdminRun => ChangeAsync(kind, db, id, run => Task.FromResult(decide(run)), apply, ct);

    /// <inheritdoc cref="ChangeAsync{TRun}(RunKind{TRun}, LedgerDbContext, Guid, Func{TRun, IResult?}, Action{TRun}, CancellationToken)"/>
    public static async Task<IResult> ChangeAsync<TRun>(
        RunKind<TRun> kind, LedgerDbContext db, Guid id, Func<TRun, Task<IResult?>> decide, Action<TRun> apply, CancellationToken ct)
        where TRun : AdminRun
    {
        for (var attempt = 1; attempt <= PaymentRequests.MaxAttempts; attempt++)
        {
            db.ChangeTracker.Clear();
            var run = await kind.Find(db, id, ct);
            if (run is null)
            {
                return NotFound(kind, id);
            }

            if (await decide(run) is { } answer)
            {
                return answer;
            }

            apply(run);
            run.Version++;
            try
            {
                await db.SaveChangesAsync(ct);
                return kind.Ok(run);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Approved, posted or abandoned by someone else meanwhile: decide again on what it is now.
            }
        }

        return Busy(kind, id);
    }

    /// <summary>
    /// A post's first step on each attempt: the approved run to post, or the answer when there is nothing to post —
    /// 404, 200 with a posted run (a repeat), 409 for a run not approved or abandoned.
    /// </summary>
    public static async Task<(TRun? Run, IResult? Answer)> LoadForPostAsync<TRun>(RunKind<TRun> kind, LedgerDbContext db, Guid id, CancellationToken ct)
        where TRun : AdminRun
    {
        db.ChangeTracker.Clear();
        var run = await kind.Find(db, id, ct);
        return run switch
        {
            null => (null, NotFound(kind, id)),
            { Status: RunStatus.Posted } => (null, kind.Ok(run)),
            { Status: not RunStatus.Approved } => (null, InvalidTransition(kind, run, "posted")),
            _ => (run, null),
        };
    }

    /// <summary>Whether a post's claim on the run is younger than <paramref name="lease"/>: another post must not run.</summary>
    public static bool IsClaimed(ClaimedAdminRun run, TimeSpan lease, TimeProvider time) => run.PostClaimedAt > time.GetUtcNow() - lease;

    /// <summary>Claims (or renews the claim on) the run for <paramref name="userId"/>'s post, bumping its version; saved by the caller.</summary>
    public static void Claim(ClaimedAdminRun run, string userId, DateTimeOffset now)
    {
        run.PostClaimedBy = userId;
        run.PostClaimedAt = now;
        run.Version++;
    }

    /// <summary>Drops the post's claim (bumping the version): the run is posted, abandoned, or open to posting again.</summary>
    public static void Release(ClaimedAdminRun run)
    {
        run.PostClaimedBy = null;
        run.PostClaimedAt = null;
        run.Version++;
    }

    /// <summary>Saves the run's changes; false when another administrator changed it meanwhile (decide again on what it is now).</summary>
    public static async Task<bool> TrySaveAsync(LedgerDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    public static IResult NotFound<TRun>(RunKind<TRun> kind, Guid id)
        where TRun : AdminRun => LedgerProblems.NotFound($"{kind.Name} {id}");

    /// <summary>409 for an action the run's status does not allow.</summary>
    public static IResult InvalidTransition<TRun>(RunKind<TRun> kind, AdminRun run, string action)
        where TRun : AdminRun => Conflict(
        kind.ProblemPrefix + run.Status switch
        {
            RunStatus.Previewed => "-not-approved",
            RunStatus.Posted => "-posted",
            _ => "-abandoned",
        },
        run.Status == RunStatus.Previewed
            ? $"{kind.Name} {run.Id} is not approved yet; it cannot be {action}. Approve it first."
            : $"{kind.Name} {run.Id} is {run.Status}; it cannot be {action}.",
        run.Status);

    public static IResult Busy<TRun>(RunKind<TRun> kind, Guid id)
        where TRun : AdminRun => Conflict(
        kind.ProblemPrefix + "-busy", $"{kind.Name} {id} kept changing while this request tried to change it; try again.", null);

    public static IResult Conflict(string type, string detail, RunStatus? status, IDictionary<string, object?>? more = null)
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

    private static IResult SecondApproverRequired<TRun>(RunKind<TRun> kind, TRun run, string userId, ILogger logger)
        where TRun : AdminRun
    {
        logger.LogWarning("User {UserId} tried to approve {Kind} {RunId} that they previewed; it needs a second administrator", userId, kind.Name, run.Id);
        return TypedResults.Problem(
            detail: $"{kind.Name} {run.Id} is above the amount one administrator may approve alone: another administrator than the one who previewed it must approve it.",
            statusCode: StatusCodes.Status403Forbidden, title: "Second approver required", type: ProblemTypes.Named("second-approver-required"));
    }
}
