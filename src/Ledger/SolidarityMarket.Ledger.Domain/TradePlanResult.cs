namespace SolidarityMarket.Ledger.Domain;

public sealed class TradePlanResult
{
    private TradePlanResult(TradePlan? plan, Rejection? rejection)
    {
        Plan = plan;
        Rejection = rejection;
    }

    public TradePlan? Plan { get; }

    public Rejection? Rejection { get; }

    public bool IsPlanned => Plan is not null;

    public static TradePlanResult Planned(TradePlan plan) => new(plan, null);

    public static TradePlanResult Rejected(Rejection rejection) => new(null, rejection);
}
