using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// <c>POST /api/ledger/period-closes</c> (administrators): previews the close of one calendar month (UTC) of one
/// exchange and stores it (201, status Previewed): per member account its levy on the month's sales, its demurrage on
/// the month-end balance, the write-off of a dormant negative balance, and its new debit limit from the trailing
/// turnover (<see cref="PeriodClosePlanner"/>). The policy fields left out take <c>Ledger:PeriodClose</c>'s values,
/// which turn everything off by default; the policy is stored with the run. Only a month that has ended can be
/// closed, and not one already closed (409 <c>period-close-exists</c>). Nothing moves until it is approved and posted.
/// </summary>
public static class PeriodClosesPreview
{
    public const int MaxBasisPoints = 10_000;

    public const int MaxTurnoverBasisPoints = 1_000_000;

    public const long MaxLimit = 1_000_000_000_000_000;

    public sealed record Request(
        string? ExchangeId, string? Month, int? LevyBasisPoints, int? DemurrageBasisPoints, int? DormantAfterDays,
        int? DebitLimitTurnoverBasisPoints, long? MinDebitLimit, long? MaxDebitLimit, int? TurnoverWindowDays);

    public static void Map(IEndpointRouteBuilder group) => group.MapPost(PeriodCloses.Route, Handle)
        .RequireAuthorization(Policies.Admin).WithName("PreviewPeriodClose").WithSummary("Preview the close of a month of an exchange");

    public static async Task<IResult> Handle(
        Request? body, ClaimsPrincipal user, LedgerDbContext db, TimeProvider time, IOptions<LedgerOptions> options, ILoggerFactory loggers, CancellationToken ct)
    {
        var defaults = options.Value.PeriodClose;
        var exchangeId = body?.ExchangeId?.Trim();
        var monthOk = DateTime.TryParseExact(body?.Month?.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            && month.Year is >= 2000 and <= 9998;
        var start = monthOk ? new DateTimeOffset(month.Year, month.Month, 1, 0, 0, 0, TimeSpan.Zero) : default;
        var end = monthOk ? start.AddMonths(1) : default;
        var levy = body?.LevyBasisPoints ?? defaults.LevyBasisPoints;
        var demurrage = body?.DemurrageBasisPoints ?? defaults.DemurrageBasisPoints;
        var dormant = body?.DormantAfterDays ?? defaults.DormantAfterDays ?? 0;
        var limitRate = body?.DebitLimitTurnoverBasisPoints ?? defaults.DebitLimitTurnoverBasisPoints;
        var minLimit = body?.MinDebitLimit ?? defaults.MinDebitLimit;
        var maxLimit = body?.MaxDebitLimit ?? defaults.MaxDebitLimit;
        var window = body?.TurnoverWindowDays ?? defaults.TurnoverWindowDays;
        var errors = new RequestErrors()
            .Require(!string.IsNullOrEmpty(exchangeId), "exchangeId", "exchangeId is required: the exchange whose month to close.")
            .Text(exchangeId, "exchangeId", 64, required: false)
            .Require(monthOk, "month", "month is required as yyyy-MM (UTC), from 2000 to 9998.")
            .Require(!monthOk || end + PeriodCloses.Grace <= time.GetUtcNow(), "month",
                $"Only a month that has ended can be closed, from {PeriodCloses.Grace.TotalMinutes:0} minutes after its end (trades stamped in its last instant may still be committing).")
            .Require(levy is >= 0 and <= MaxBasisPoints, "levyBasisPoints", $"levyBasisPoints must be between 0 and {MaxBasisPoints}.")
            .Require(demurrage is >= 0 and <= MaxBasisPoints, "demurrageBasisPoints", $"demurrageBasisPoints must be between 0 and {MaxBasisPoints}.")
            .Require(dormant is >= 0 and <= 36_500, "dormantAfterDays", "dormantAfterDays must be between 0 (no write-offs) and 36,500.")
            .Require(limitRate is >= 0 and <= MaxTurnoverBasisPoints, "debitLimitTurnoverBasisPoints", $"debitLimitTurnoverBasisPoints must be between 0 (limits unchanged) and {MaxTurnoverBasisPoints}.")
            .Require(minLimit is >= 0 and <= MaxLimit, "minDebitLimit", $"minDebitLimit must be between 0 and {MaxLimit}.")
            .Require(maxLimit >= minLimit && maxLimit <= MaxLimit, "maxDebitLimit", $"maxDebitLimit must be at least minDebitLimit and at most {MaxLimit}.")
            .Require(window is >= 1 and <= 3_660, "turnoverWindowDays", "turnoverWindowDays must be between 1 and 3,660.");
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        if (!await db.Exchanges.AsNoTracking().AnyAsync(x => x.Id == exchangeId, ct))
        {
            return LedgerProblems.NotFound($"Exchange '{exchangeId}'");
        }

        if (await PeriodCloses.ClosingOfMonthAsync(db, exchangeId!, start, null, ct) is { } posted)
        {
            return PeriodCloses.AlreadyClosed(posted);
        }

        var policy = new PeriodClosePolicy(levy, demurrage, dormant > 0 ? TimeSpan.FromDays(dormant) : null, limitRate, minLimit, maxLimit);
        List<PeriodCloseAccount> accounts;
        Dictionary<Guid, long> versions;
        try
        {
            (accounts, versions) = await PeriodCloseInputs.ReadAsync(db, exchangeId!, start, end, window, dormant > 0, ct);
        }
        catch (Exception error) when (PeriodCloseInputs.IsOverflow(error))
        {
            return LedgerProblems.From(new Rejection(RejectionReason.Overflow,
                $"The trade of exchange '{exchangeId}' sums past what 64 bits hold; this month cannot be closed by a period close."));
        }

        var byId = accounts.ToDictionary(a => a.AccountId);
        var run = new PeriodCloseRun
        {
            Id = Guid.CreateVersion7(),
            ExchangeId = exchangeId!,
            PeriodStart = start,
            PeriodEnd = end,
            LevyBasisPoints = levy,
            DemurrageBasisPoints = demurrage,
            DormantAfterDays = dormant > 0 ? dormant : null,
            DebitLimitTurnoverBasisPoints = limitRate,
            MinDebitLimit = minLimit,
            MaxDebitLimit = maxLimit,
            TurnoverWindowDays = window,
            Status = RunStatus.Previewed,
            PreviewedBy = user.UserId(),
            PreviewedAt = time.GetUtcNow(),
        };
        foreach (var item in PeriodClosePlanner.Plan(policy, end, accounts))
        {
            if (ItemFor(run, run.Items.Count, item, byId[item.AccountId], versions[item.AccountId]) is { } row)
            {
                run.Items.Add(row);
            }
        }

        var totalCredits = run.Items.Aggregate(Int128.Zero, (sum, i) => sum + i.Amount);
        var limitIncrease = run.Items.Where(i => i.NewDebitLimit > i.DebitLimitBefore).Aggregate(Int128.Zero, (sum, i) => sum + (i.NewDebitLimit!.Value - i.DebitLimitBefore));
        if (totalCredits > long.MaxValue || limitIncrease > long.MaxValue)
        {
            return LedgerProblems.From(new Rejection(RejectionReason.Overflow, "This close's totals pass what 64 bits hold; close the month with a smaller policy."));
        }

        run.TotalCredits = (long)totalCredits;
        run.TotalLimitIncrease = (long)limitIncrease;
        db.PeriodCloseRuns.Add(run);
        await db.SaveChangesAsync(ct);
        loggers.CreateLogger(typeof(PeriodCloses).FullName!).LogInformation(
            "Period close {RunId} previewed for {ExchangeId} {Month}: {Count} items, {Total} credits", run.Id, run.ExchangeId, PeriodCloses.MonthOf(start), run.Items.Count, run.TotalCredits);
        return TypedResults.Created($"/api/ledger{PeriodCloses.Route}/{run.Id}", PeriodCloses.PeriodCloseDto.From(run, defaults, details: true));
    }

    /// <summary>
    /// The stored item. A new debit limit is never set below what the account uses now (its debt and held payments:
    /// the ledger refuses a limit below that), so it is raised to that; an item left at the current limit is dropped.
    /// Posting raises it again if this close's levy or demurrage, applied first, leaves more in use.
    /// </summary>
    private static PeriodCloseRunItem? ItemFor(PeriodCloseRun run, int index, PeriodCloseItem item, PeriodCloseAccount account, long version)
    {
        var newLimit = item.NewDebitLimit;
        var reason = item.Reason;
        if (item.Kind == PeriodCloseItemKind.DebitLimit && newLimit is { } planned)
        {
            var used = PeriodCloses.InUse(account.Balance, account.PendingDebits);
            if (planned < used)
            {
                newLimit = used;
                reason = $"{item.Reason}; not below the {used.ToString(CultureInfo.InvariantCulture)} in use";
            }

            if (newLimit == account.DebitLimit)
            {
                return null;
            }
        }

        return new PeriodCloseRunItem
        {
            RunId = run.Id,
            Index = index,
            Kind = item.Kind,
            AccountId = item.AccountId,
            Amount = item.Amount,
            BalanceBefore = account.Balance,
            DebitLimitBefore = account.DebitLimit,
            AccountVersionBefore = version,
            NewDebitLimit = newLimit,
            Reason = reason.Length > PeriodCloseRunItem.MaxReasonLength ? reason[..PeriodCloseRunItem.MaxReasonLength] : reason,
        };
    }
}
