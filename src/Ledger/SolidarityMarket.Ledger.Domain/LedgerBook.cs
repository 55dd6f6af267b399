namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// The ledger's state and the only code that changes it: accounts, transfers, per-exchange journal chains.
/// Every command is applied in memory and either fully succeeds or changes nothing.
/// <para>
/// Two ways to use it. In memory (tests, tools): open accounts, submit, verify. Behind a database (the application
/// service): create a book per group commit, <c>Load</c> just the accounts, referenced transfers (holds to
/// post/void, originals to reverse, and any existing transfers with the requested ids, for idempotency) and the
/// journal heads of the exchanges involved, apply the group's commands, then persist
/// <see cref="TakeChanges"/> in one transaction.
/// </para>
/// <para>Not thread-safe: one writer at a time, which is what makes group commit cheap.</para>
/// </summary>
public sealed partial class LedgerBook
{
    private readonly Dictionary<Guid, AccountState> accounts = [];
    private readonly Dictionary<Guid, Transfer> transfers = [];
    private readonly Dictionary<string, JournalHead> heads = new(StringComparer.Ordinal);
    private readonly List<JournalEntry> journal = [];

    // Holds with a timeout, earliest first. Entries are never removed eagerly: a popped entry whose hold is
    // gone, resolved, or due later is simply skipped, which keeps rollbacks and resolutions O(1).
    private readonly PriorityQueue<Guid, DateTimeOffset> expiryQueue = new();

    public LedgerBook(LedgerPolicy? policy = null)
    {
        Policy = policy ?? LedgerPolicy.Default;
    }

    public LedgerPolicy Policy { get; }

    public IReadOnlyCollection<AccountState> Accounts => accounts.Values;

    public IReadOnlyCollection<Transfer> Transfers => transfers.Values;

    /// <summary>The entries this book loaded or appended, in order. A book used behind a database holds only the new ones.</summary>
    public IReadOnlyList<JournalEntry> Journal => journal;

    public IReadOnlyCollection<JournalHead> Heads => heads.Values;

    public AccountState? FindAccount(Guid accountId) => accounts.GetValueOrDefault(accountId);

    public Transfer? FindTransfer(Guid transferId) => transfers.GetValueOrDefault(transferId);

    /// <summary>Where the exchange's chain ends; <see cref="JournalHead.Genesis"/> if it has no entries (or none were loaded).</summary>
    public JournalHead GetHead(string exchangeId) =>
        heads.TryGetValue(exchangeId, out var head) ? head : JournalHead.Genesis(exchangeId);

    /// <summary>Recomputes chains and invariants over everything in the book; meaningful for a book holding the whole history.</summary>
    public VerificationReport Verify() => JournalVerifier.Verify(accounts.Values, journal, transfers.Values, heads.Values);

    /// <summary>Adds a stored account as it is, without rule checks (the journal verifier is where stored state is judged).</summary>
    public void Load(AccountState account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!accounts.TryAdd(account.Id, account))
        {
            throw new InvalidOperationException($"Account {account.Id} is already in the book.");
        }
    }

    /// <summary>Adds a stored transfer as it is. Open holds with a timeout become due for <see cref="Expire"/>.</summary>
    public void Load(Transfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        if (!transfers.TryAdd(transfer.Id, transfer))
        {
            throw new InvalidOperationException($"Transfer {transfer.Id} is already in the book.");
        }

        if (transfer.HoldStatus == HoldStatus.Open && transfer.ExpiresAt is { } expiresAt)
        {
            expiryQueue.Enqueue(transfer.Id, expiresAt);
        }
    }

    /// <summary>
    /// Sets where an exchange's chain continues. Must be loaded for every exchange a command will post to:
    /// an exchange without a loaded head is taken to be empty, and its next entry would fork the chain.
    /// </summary>
    public void Load(JournalHead head)
    {
        ArgumentNullException.ThrowIfNull(head.ExchangeId);
        heads[head.ExchangeId] = head;
    }

    /// <summary>Appends a stored entry (to rebuild a whole book in memory) and advances its exchange's head. No checks.</summary>
    public void Load(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (changeLog.Count != 0)
        {
            throw new InvalidOperationException("Take the pending changes before loading journal entries.");
        }

        journal.Add(entry);
        journalTaken = journal.Count;
        heads[entry.ExchangeId] = new JournalHead(entry.ExchangeId, entry.Sequence, entry.Hash);
    }
}
