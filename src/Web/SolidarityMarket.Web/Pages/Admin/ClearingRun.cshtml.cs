using SolidarityMarket.Web.Catalog;
using SolidarityMarket.Web.Clearing;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// One clearing run (<c>GET /api/ledger/clearing-runs/{id}</c>): the set-off on each payment request and each account's
/// obligations before and after, with the steps its status allows.
/// </summary>
public sealed class ClearingRunModel(ClearingClient clearing) : AdminRunPage<ClearingRun>(clearing)
{
    public const string Notices = "ClearingNotice";

    protected override string NoticeKey => Notices;

    protected override string Missing => "There is no clearing run with that number.";

    protected override string StateNotice(ClearingRun run) => run.Status switch
    {
        "Approved" => "The run is approved: it can be posted.",
        "Posted" => $"The run is posted: {Display.Credits(run.TotalSetOff)} of obligations set off.",
        "Abandoned" => "The run is abandoned: it can never be posted. Preview a new one to clear.",
        _ => $"The run is {run.Status}.",
    };
}
