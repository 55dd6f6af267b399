using SolidarityMarket.Web.Catalog;
using SolidarityMarket.Web.Settlement;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// One settlement run (<c>GET /api/ledger/settlement-runs/{id}</c>): its settlements and each exchange's position
/// before, change and after — the preview before posting, the report after — with the steps its status allows.
/// </summary>
public sealed class SettlementRunModel(SettlementClient settlement) : AdminRunPage<SettlementRun>(settlement)
{
    public const string Notices = "SettlementNotice";

    protected override string NoticeKey => Notices;

    protected override string Missing => "There is no settlement run with that number.";

    protected override string StateNotice(SettlementRun run) => run.Status switch
    {
        "Approved" => "The run is approved: it can be posted.",
        "Posted" => $"The run is posted: {Display.Credits(run.TotalSettled)} settled; the positions are as shown after it.",
        "Abandoned" => "The run is abandoned: it can never be posted. Preview a new one to settle.",
        _ => $"The run is {run.Status}.",
    };
}
