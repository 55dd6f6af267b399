namespace SolidarityMarket.Ledger.Domain;

/// <summary>The outcome of each command of a group (same order), and the changes to persist for all of them together.</summary>
public sealed class GroupCommitResult
{
    public GroupCommitResult(IReadOnlyList<SubmitResult> results, LedgerChanges changes)
    {
        Results = results;
        Changes = changes;
    }

    public IReadOnlyList<SubmitResult> Results { get; }

    public LedgerChanges Changes { get; }
}
