namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// One unit of a group commit: a single transfer request, or a linked batch that applies all-or-nothing.
/// Commands of a group succeed or fail independently of each other.
/// </summary>
public sealed class LedgerCommand
{
    private LedgerCommand(IReadOnlyList<TransferRequest> requests, bool isLinked, RequesterRole role)
    {
        Requests = requests;
        IsLinked = isLinked;
        Role = role;
    }

    public IReadOnlyList<TransferRequest> Requests { get; }

    public bool IsLinked { get; }

    public RequesterRole Role { get; }

    public static LedgerCommand Submit(TransferRequest request, RequesterRole role = RequesterRole.Other)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new LedgerCommand([request], false, role);
    }

    public static LedgerCommand SubmitLinked(IReadOnlyList<TransferRequest> requests, RequesterRole role = RequesterRole.Other)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return new LedgerCommand(requests, true, role);
    }
}
