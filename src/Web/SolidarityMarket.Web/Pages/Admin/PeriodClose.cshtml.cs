using SolidarityMarket.Web.Catalog;
using SolidarityMarket.Web.PeriodCloses;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// One period close (<c>GET /api/ledger/period-closes/{id}</c>): its policy, totals and items — the preview before
/// posting, the report (each item's outcome) after — with the steps its status allows.
/// </summary>
public sealed class PeriodCloseModel(PeriodCloseClient closes) : AdminRunPage<PeriodClose>(closes)
{
    public const string Notices = "PeriodCloseNotice";

    protected override string NoticeKey => Notices;

    protected override string Missing => "There is no period close with that number.";

    protected override string StateNotice(PeriodClose close) => close.Status switch
    {
        "Approved" => "The close is approved: it can be posted.",
        "Posted" => $"The close is posted: {Display.Credits(close.AppliedCredits ?? 0)} moved; each item's outcome is shown below.",
        "Abandoned" => "The close is abandoned: it can never be posted. Preview a new one to close the month.",
        _ => $"The close is {close.Status}.",
    };

    protected override string BeingPostedNotice =>
        "The close is being posted by another request, or a post stopped part-way. Look again in a moment; if it is still Approved, post it again to finish: nothing is applied twice.";

    protected override string? Worded(string? reason, string step) => reason switch
    {
        "period-close-posted" => $"The close is already posted: it can no longer be {step}. What it applied stays.",
        "period-close-abandoned" => $"The close was abandoned: it can never be {step}. Preview a new close of the month instead.",
        "period-close-not-approved" => "The close is not approved yet: it must be approved before it is posted.",
        "period-close-exists" => "Another close of this month was posted, or is being posted: this one cannot be posted beside it (a month is closed once). If the other was posted, abandon this one; if its post is under way or stopped part-way, finish (post) or abandon that one first, then post this one again.",
        _ => null,
    };
}
