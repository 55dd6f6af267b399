using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/clearing-runs</c> <c>{"exchangeId": "food"}</c> (administrators): previews a multilateral
/// clearing of the exchange's obligations — every accepted, unpaid payment request whose payer and payee are both
/// in it, both active, with no payment under way — and stores it (201, status Previewed). The set-offs are the
/// optimum of <see cref="ObligationClearing"/>: the most debt removed with every account's net position unchanged.
/// Nothing changes until the run is approved and posted. Requests across exchanges are never in a run: their
/// amounts could be in different units.
/// </summary>
public static class ClearingRunsPreview
{
    public sealed record Request(string? ExchangeId);

    public static void Map(IEndpointRouteBuilder group) => group.MapPost(ClearingRuns.Route, Handle)
        .RequireAuthorization(Policies.Admin).WithName("PreviewClearingRun").WithSummary("Preview the clearing of an exchange's obligations");

    public static async Task<IResult> Handle(
        Request? body, ClaimsPrincipal user, LedgerDbContext db, TimeProvider time, IOptions<LedgerOptions> options,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var exchangeId = body?.ExchangeId?.Trim();
        var errors = new RequestErrors()
            .Require(!string.IsNullOrEmpty(exchangeId), "exchangeId", "exchangeId is required: the exchange whose obligations to clear.")
            .Text(exchangeId, "exchangeId", 64, required: false);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        if (!await db.Exchanges.AsNoTracking().AnyAsync(x => x.Id == exchangeId, ct))
        {
            return LedgerProblems.NotFound($"Exchange '{exchangeId}'");
        }

        var candidates = await (
            from r in db.PaymentRequests.AsNoTracking()
            where r.Status == PaymentRequestStatus.Accepted
            join payer in db.Accounts.AsNoTracking() on r.PayerAccountId equals payer.Id
            join payee in db.Accounts.AsNoTracking() on r.PayeeAccountId equals payee.Id
            where payer.ExchangeId == exchangeId && payee.ExchangeId == exchangeId
            select new Candidate(r.Id, r.PayerAccountId, r.PayeeAccountId, r.Amount - r.ClearedAmount, r.DueDate, r.AcceptedAt, r.Version,
                r.TransferId == null && payer.Status == AccountStatus.Active && payee.Status == AccountStatus.Active))
            .ToListAsync(ct);

        // Oldest due first: within one payer–payee pair the set-off goes to the oldest debts first.
        var eligible = Fitting(candidates.Where(c => c.Eligible).OrderBy(c => c.DueDate).ThenBy(c => c.AcceptedAt).ThenBy(c => c.Id));
        var plan = ObligationClearing.Plan(eligible.Select(c => new ClearingObligation(c.Id, c.Payer, c.Payee, c.Outstanding)).ToList());

        var run = new ClearingRun
        {
            Id = Guid.CreateVersion7(),
            ExchangeId = exchangeId!,
            Status = RunStatus.Previewed,
            ObligationCount = eligible.Count,
            SkippedCount = candidates.Count - eligible.Count,
            TotalBefore = plan.TotalBefore,
            TotalSetOff = plan.TotalSetOff,
            PreviewedBy = user.UserId(),
            PreviewedAt = time.GetUtcNow(),
        };
        run.Lines = eligible.Zip(plan.SetOffs, (c, s) => (c, s.SetOff)).Where(x => x.SetOff > 0)
            .Select(x => new ClearingRunLine
            {
                RunId = run.Id, RequestId = x.c.Id, PayerAccountId = x.c.Payer, PayeeAccountId = x.c.Payee,
                OutstandingBefore = x.c.Outstanding, SetOff = x.SetOff, RequestVersion = x.c.Version,
            }).ToList();
        run.Accounts = AccountPositions(run.Id, eligible, run.Lines);

        db.ClearingRuns.Add(run);
        await db.SaveChangesAsync(ct);
        loggers.CreateLogger(typeof(ClearingRuns).FullName!).LogInformation(
            "Clearing run {RunId} previewed for exchange {ExchangeId}: {Count} obligations, {Before} owed, {SetOff} set off",
            run.Id, run.ExchangeId, run.ObligationCount, run.TotalBefore, run.TotalSetOff);
        return TypedResults.Created($"/api/ledger{ClearingRuns.Route}/{run.Id}", ClearingRuns.ClearingRunDto.From(run, options.Value.Clearing, details: true));
    }

    /// <summary>
    /// The obligations, in order, whose outstanding amounts fit in 64 bits together: every sum of the run (the total,
    /// each account's, the solver's flows) is then below <see cref="long.MaxValue"/>. A request takes any positive
    /// amount and accepting one to pay later checks no limit, so two members could otherwise leave obligations that
    /// make every preview of their exchange fail; those that do not fit are left out (counted as skipped) instead.
    /// </summary>
    private static List<Candidate> Fitting(IEnumerable<Candidate> ordered)
    {
        var fitting = new List<Candidate>();
        var total = 0L;
        foreach (var candidate in ordered)
        {
            if (candidate.Outstanding <= long.MaxValue - total)
            {
                total += candidate.Outstanding;
                fitting.Add(candidate);
            }
        }

        return fitting;
    }

    /// <summary>
    /// Each account's obligations before and its set-off, which must be the same as payer and as payee (the solver
    /// guarantees it; a run that broke it would change someone's net position, so it is never stored).
    /// </summary>
    private static List<ClearingRunAccount> AccountPositions(Guid runId, List<Candidate> obligations, List<ClearingRunLine> lines)
    {
        var accounts = new Dictionary<Guid, ClearingRunAccount>();
        ClearingRunAccount For(Guid id) => accounts.TryGetValue(id, out var a) ? a : accounts[id] = new ClearingRunAccount { RunId = runId, AccountId = id };
        foreach (var o in obligations)
        {
            checked
            {
                For(o.Payer).OwedBefore += o.Outstanding;
                For(o.Payee).OwedToBefore += o.Outstanding;
            }
        }

        var asPayee = new Dictionary<Guid, long>();
        foreach (var line in lines)
        {
            checked
            {
                For(line.PayerAccountId).SetOff += line.SetOff;
                asPayee[line.PayeeAccountId] = asPayee.GetValueOrDefault(line.PayeeAccountId) + line.SetOff;
            }
        }

        var unbalanced = accounts.Values.FirstOrDefault(a => a.SetOff != asPayee.GetValueOrDefault(a.AccountId));
        return unbalanced is null
            ? [.. accounts.Values]
            : throw new InvalidOperationException($"Clearing would change account {unbalanced.AccountId}'s net position; the run is not stored.");
    }

    private sealed record Candidate(Guid Id, Guid Payer, Guid Payee, long Outstanding, DateOnly DueDate, DateTimeOffset? AcceptedAt, long Version, bool Eligible);
}
