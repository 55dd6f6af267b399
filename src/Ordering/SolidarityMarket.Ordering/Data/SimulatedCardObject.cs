namespace SolidarityMarket.Ordering.Data;

/// <summary>
/// SIMULATED card gateway state (payments, transfers, refunds, connected accounts), kept in Ordering's database so
/// it survives restarts and is shared by replicas. Never used when a real provider is configured.
/// </summary>
public sealed class SimulatedCardObject
{
    /// <summary><c>sim_pi_...</c>, <c>sim_tr_...</c>, <c>sim_re_...</c>, <c>sim_acct_...</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary><c>payment</c>, <c>transfer</c>, <c>refund</c> or <c>account</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The caller's idempotency key: a second create with it returns this object.</summary>
    public string IdempotencyKey { get; set; } = "";

    public string Status { get; set; } = "";

    public long AmountCents { get; set; }

    public long AmountReceivedCents { get; set; }

    /// <summary>Payment: its charge id once succeeded. Transfer/refund: the payment or account it belongs to.</summary>
    public string? Reference { get; set; }

    public string? ClientSecret { get; set; }

    public string? FailureMessage { get; set; }

    /// <summary>Metadata as JSON.</summary>
    public string Metadata { get; set; } = "{}";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Payment: when it succeeded — the time of its charge's balance transaction (creation is earlier).</summary>
    public DateTimeOffset? ChargedAt { get; set; }

    /// <summary>Refund: how much of the co-op's transfer was reversed with it (the reversal id is in <see cref="ClientSecret"/>).</summary>
    public long TransferReversalCents { get; set; }
}
