namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// The outcome of submitting one transfer request or one linked batch: either all its transfers
/// (in request order, current state) or one <see cref="Rejection"/>.
/// </summary>
public sealed class SubmitResult
{
    private static readonly Transfer[] NoTransfers = [];

    private SubmitResult(IReadOnlyList<Transfer> transfers, Rejection? rejection, bool isReplay)
    {
        Transfers = transfers;
        Rejection = rejection;
        IsReplay = isReplay;
    }

    /// <summary>The accepted transfers, in request order; empty when rejected.</summary>
    public IReadOnlyList<Transfer> Transfers { get; }

    public Rejection? Rejection { get; }

    /// <summary>
    /// True when every id had already been applied with identical fields: the stored outcome is returned and
    /// nothing changed. Callers answer a replay exactly like the first time (e.g. 200 rather than 201).
    /// </summary>
    public bool IsReplay { get; }

    public bool IsAccepted => Rejection is null;

    /// <summary>The single transfer of an accepted single request (the first one of a batch).</summary>
    public Transfer Transfer => IsAccepted
        ? Transfers[0]
        : throw new InvalidOperationException($"The request was rejected: {Rejection}");

    public static SubmitResult Accepted(IReadOnlyList<Transfer> transfers, bool isReplay) => new(transfers, null, isReplay);

    public static SubmitResult Rejected(Rejection rejection) => new(NoTransfers, rejection, false);

    public override string ToString() =>
        IsAccepted ? $"Accepted {Transfers.Count} transfer(s){(IsReplay ? " (replay)" : "")}" : $"Rejected {Rejection}";
}
