namespace SolidarityMarket.Ledger.Domain;

public sealed partial class LedgerBook
{
    // One log serves two purposes. Rolling back to a mark undoes a failed linked batch; reading it from the
    // start tells the persistence layer what changed since the last TakeChanges, with each thing's state before.
    private readonly List<Mutation> changeLog = [];
    private int journalTaken;

    private enum MutationTarget : byte
    {
        Account,
        Transfer,
        JournalEntry,
    }

    /// <summary>
    /// Returns what changed since the previous call and starts a new change set. The application service calls
    /// it once per group commit and writes the result in one database transaction. A long-lived in-memory book
    /// should call it now and then, because the log it drains grows until then.
    /// </summary>
    public LedgerChanges TakeChanges()
    {
        var firstAccountStates = new Dictionary<Guid, AccountState?>();
        var accountOrder = new List<Guid>();
        var firstTransferStates = new Dictionary<Guid, Transfer?>();
        var transferOrder = new List<Guid>();
        var headsBefore = new Dictionary<string, JournalHead>(StringComparer.Ordinal);

        foreach (var mutation in changeLog)
        {
            switch (mutation.Target)
            {
                case MutationTarget.Account when firstAccountStates.TryAdd(mutation.Id, mutation.PreviousAccount):
                    accountOrder.Add(mutation.Id);
                    break;
                case MutationTarget.Transfer when firstTransferStates.TryAdd(mutation.Id, mutation.PreviousTransfer):
                    transferOrder.Add(mutation.Id);
                    break;
                case MutationTarget.JournalEntry:
                    var before = mutation.PreviousHead;
                    headsBefore.TryAdd(before.ExchangeId, before);
                    break;
            }
        }

        var accountChanges = new AccountChange[accountOrder.Count];
        for (var i = 0; i < accountOrder.Count; i++)
        {
            var id = accountOrder[i];
            accountChanges[i] = new AccountChange(firstAccountStates[id], accounts[id]);
        }

        var transferChanges = new TransferChange[transferOrder.Count];
        for (var i = 0; i < transferOrder.Count; i++)
        {
            var id = transferOrder[i];
            transferChanges[i] = new TransferChange(firstTransferStates[id], transfers[id]);
        }

        var headChanges = new List<JournalHeadChange>(headsBefore.Count);
        foreach (var (exchangeId, before) in headsBefore)
        {
            headChanges.Add(new JournalHeadChange(before, heads[exchangeId]));
        }

        var entries = journal.GetRange(journalTaken, journal.Count - journalTaken);
        journalTaken = journal.Count;
        changeLog.Clear();
        return new LedgerChanges(accountChanges, transferChanges, entries, headChanges);
    }

    private int Mark() => changeLog.Count;

    private void RollbackTo(int mark)
    {
        for (var i = changeLog.Count - 1; i >= mark; i--)
        {
            var mutation = changeLog[i];
            switch (mutation.Target)
            {
                case MutationTarget.Account:
                    Restore(accounts, mutation.Id, mutation.PreviousAccount);
                    break;
                case MutationTarget.Transfer:
                    Restore(transfers, mutation.Id, mutation.PreviousTransfer);
                    break;
                case MutationTarget.JournalEntry:
                    journal.RemoveAt(journal.Count - 1);
                    if (mutation.HeadExisted)
                    {
                        heads[mutation.PreviousHead.ExchangeId] = mutation.PreviousHead;
                    }
                    else
                    {
                        heads.Remove(mutation.PreviousHead.ExchangeId);
                    }

                    break;
            }
        }

        changeLog.RemoveRange(mark, changeLog.Count - mark);
    }

    private static void Restore<TValue>(Dictionary<Guid, TValue> map, Guid id, TValue? previous)
        where TValue : class
    {
        if (previous is null)
        {
            map.Remove(id);
        }
        else
        {
            map[id] = previous;
        }
    }

    private void PutAccount(AccountState next)
    {
        changeLog.Add(new Mutation(MutationTarget.Account, next.Id, accounts.GetValueOrDefault(next.Id), null, default, false));
        accounts[next.Id] = next;
    }

    private void PutTransfer(Transfer next)
    {
        changeLog.Add(new Mutation(MutationTarget.Transfer, next.Id, null, transfers.GetValueOrDefault(next.Id), default, false));
        transfers[next.Id] = next;
    }

    /// <summary>Chains a new entry onto its exchange's journal and returns it.</summary>
    private JournalEntry AppendEntry(
        string exchangeId, Guid transferId, TransferKind kind, TransferCode code, Guid debitAccountId,
        Guid creditAccountId, long amount, Guid relatedTransferId, DateTimeOffset postedAt, string memo, string? orderReference)
    {
        var headExisted = heads.TryGetValue(exchangeId, out var head);
        if (!headExisted)
        {
            head = JournalHead.Genesis(exchangeId);
        }

        var sequence = checked(head.LastSequence + 1);
        var hash = JournalEncoding.ComputeHash(
            exchangeId, sequence, transferId, kind, code, debitAccountId, creditAccountId, amount, relatedTransferId,
            postedAt, memo, orderReference, head.LastHash);
        var entry = new JournalEntry(
            exchangeId, sequence, transferId, kind, code, debitAccountId, creditAccountId, amount, relatedTransferId,
            postedAt, memo, orderReference, head.LastHash, hash);

        changeLog.Add(new Mutation(MutationTarget.JournalEntry, transferId, null, null, head, headExisted));
        journal.Add(entry);
        heads[exchangeId] = new JournalHead(exchangeId, sequence, hash);
        return entry;
    }

    private readonly record struct Mutation(
        MutationTarget Target,
        Guid Id,
        AccountState? PreviousAccount,
        Transfer? PreviousTransfer,
        JournalHead PreviousHead,
        bool HeadExisted);
}
