namespace SolidarityMarket.Ledger.Data;

/// <summary>Audit record of a limit change: who, when, why, from what to what.</summary>
public sealed class LimitChange
{
    public Guid Id { get; set; }

    public Guid AccountId { get; set; }

    public long PreviousDebitLimit { get; set; }

    public long PreviousCreditLimit { get; set; }

    public long DebitLimit { get; set; }

    public long CreditLimit { get; set; }

    public string ChangedBy { get; set; } = "";

    public DateTimeOffset ChangedAt { get; set; }

    public string Reason { get; set; } = "";
}
