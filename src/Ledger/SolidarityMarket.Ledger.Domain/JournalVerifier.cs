using System.Text;

namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// Recomputes every exchange's hash chain and the ledger's invariants from stored data, and names each break
/// ("exchange food entry #17: hash mismatch ...") instead of answering just true or false.
/// <para>
/// Checks: sequence numbers run 1, 2, 3, ... per exchange; each entry's hash matches its fields; each entry links
/// to the stored hash of the one before (the first to 32 zero bytes); optional recorded heads match the last
/// entries; every account's balance equals the replay of its entries; no account is beyond its limits counting
/// holds; each exchange sums to zero; and, when transfers are given, pending totals equal the open holds,
/// transfers and entries correspond one to one, and the links between transfers hold both ways: each post or void
/// resolves an existing hold that names it as its resolution, each reversal reverses an existing reversible transfer
/// that names it as its reversal, at most one of each per hold or original, and an entry's related transfer is its
/// transfer's hold or original. Those links are not hashed (a transfer row is not in the chain): without these checks a
/// cleared <c>ReversedById</c> let a transfer be reversed twice, both reversals chained and verified as intact.
/// </para>
/// Streaming use: construct with the accounts, <see cref="Check"/> the entries (in sequence order within each
/// exchange; exchanges may interleave), then <see cref="Finish"/>.
/// </summary>
public sealed class JournalVerifier
{
    private readonly Dictionary<Guid, AccountState> accounts = [];
    private readonly Dictionary<string, ChainCursor> chains = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, Int128> replayedBalances = [];
    private readonly Dictionary<Guid, JournalEntry> entriesByTransfer = [];
    private readonly List<VerificationBreak> breaks = [];
    private long entriesChecked;
    private bool finished;

    public JournalVerifier(IEnumerable<AccountState> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        foreach (var account in accounts)
        {
            if (!this.accounts.TryAdd(account.Id, account))
            {
                breaks.Add(new VerificationBreak(BreakKind.InvalidAccountState, $"account {account.Id}: listed more than once") { AccountId = account.Id });
            }
        }
    }

    public static VerificationReport Verify(
        IEnumerable<AccountState> accounts,
        IEnumerable<JournalEntry> entries,
        IEnumerable<Transfer>? transfers = null,
        IEnumerable<JournalHead>? expectedHeads = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var verifier = new JournalVerifier(accounts);
        foreach (var entry in entries)
        {
            verifier.Check(entry);
        }

        return verifier.Finish(transfers, expectedHeads);
    }

    public void Check(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (finished)
        {
            throw new InvalidOperationException("The verification is already finished.");
        }

        entriesChecked++;
        CheckChain(entry);
        CheckContent(entry);
    }

    /// <param name="transfers">All transfers, to cross-check holds and entries; null to skip those checks.</param>
    /// <param name="expectedHeads">Heads recorded elsewhere (e.g. the heads table); detects entries cut off the end.</param>
    public VerificationReport Finish(IEnumerable<Transfer>? transfers = null, IEnumerable<JournalHead>? expectedHeads = null)
    {
        finished = true;
        if (expectedHeads is not null)
        {
            CheckHeads(expectedHeads);
        }

        CheckAccounts();
        if (transfers is not null)
        {
            CheckTransfers(transfers);
        }

        return new VerificationReport(breaks.ToArray(), entriesChecked, accounts.Count);
    }

    private void CheckChain(JournalEntry entry)
    {
        var name = Name(entry);
        if (!chains.TryGetValue(entry.ExchangeId, out var chain))
        {
            chain = new ChainCursor();
            chains.Add(entry.ExchangeId, chain);
        }

        if (entry.Sequence != chain.LastSequence + 1)
        {
            // A gap makes the link check meaningless here; it resumes from this entry.
            Add(BreakKind.SequenceGap, entry, FormattableString.Invariant(
                $"{name}: out of sequence, expected entry #{chain.LastSequence + 1} (entries deleted, duplicated or reordered)"));
        }
        else if (entry.PreviousHash != chain.LastHash)
        {
            Add(BreakKind.ChainBroken, entry, chain.LastSequence == 0
                ? $"{name}: does not start from the genesis hash"
                : FormattableString.Invariant($"{name}: chain broken, its previous hash is not the hash of entry #{chain.LastSequence}"));
        }

        var computed = TryComputeHash(entry);
        if (computed is null)
        {
            Add(BreakKind.InvalidEntry, entry, $"{name}: its text cannot be encoded, so its hash cannot be recomputed");
        }
        else if (computed.Value != entry.Hash)
        {
            Add(BreakKind.HashMismatch, entry, $"{name}: hash mismatch (stored {entry.Hash}, recomputed {computed.Value})");
        }

        chain.LastSequence = entry.Sequence;
        chain.LastHash = entry.Hash;
    }

    private void CheckContent(JournalEntry entry)
    {
        var name = Name(entry);
        if (entry.Amount <= 0)
        {
            Add(BreakKind.InvalidEntry, entry, FormattableString.Invariant($"{name}: amount {entry.Amount} is not positive"));
        }

        if (entry.DebitAccountId == entry.CreditAccountId)
        {
            Add(BreakKind.InvalidEntry, entry, $"{name}: debits and credits the same account {entry.DebitAccountId}");
        }

        CheckEntryAccount(entry, entry.DebitAccountId, "debit", name);
        CheckEntryAccount(entry, entry.CreditAccountId, "credit", name);

        if (!entriesByTransfer.TryAdd(entry.TransferId, entry))
        {
            var first = entriesByTransfer[entry.TransferId];
            Add(BreakKind.DuplicateTransfer, entry, $"{name}: transfer {entry.TransferId} was already posted as {Name(first)}");
            return; // Count each transfer's money once, so the balance checks point at the real difference.
        }

        replayedBalances[entry.DebitAccountId] = replayedBalances.GetValueOrDefault(entry.DebitAccountId) - entry.Amount;
        replayedBalances[entry.CreditAccountId] = replayedBalances.GetValueOrDefault(entry.CreditAccountId) + entry.Amount;
    }

    private void CheckEntryAccount(JournalEntry entry, Guid accountId, string side, string name)
    {
        if (!accounts.TryGetValue(accountId, out var account))
        {
            Add(BreakKind.UnknownAccount, entry, $"{name}: {side} account {accountId} does not exist");
        }
        else if (!string.Equals(account.ExchangeId, entry.ExchangeId, StringComparison.Ordinal))
        {
            Add(BreakKind.WrongExchange, entry, $"{name}: {side} account {accountId} belongs to exchange {account.ExchangeId}");
        }
    }

    private void CheckHeads(IEnumerable<JournalHead> expectedHeads)
    {
        foreach (var head in expectedHeads)
        {
            var chain = chains.GetValueOrDefault(head.ExchangeId) ?? new ChainCursor();
            if (chain.LastSequence != head.LastSequence || chain.LastHash != head.LastHash)
            {
                breaks.Add(new VerificationBreak(
                    BreakKind.HeadMismatch,
                    FormattableString.Invariant(
                        $"exchange {head.ExchangeId}: the journal ends at entry #{chain.LastSequence} but the recorded head is entry #{head.LastSequence} ({head.LastHash})"))
                {
                    ExchangeId = head.ExchangeId,
                    Sequence = head.LastSequence,
                });
            }
        }
    }

    private void CheckAccounts()
    {
        var sums = new Dictionary<string, Int128>(StringComparer.Ordinal);
        foreach (var account in accounts.Values)
        {
            var name = $"account {account.Id} ({account.ExchangeId})";
            var replayed = replayedBalances.GetValueOrDefault(account.Id);
            if (replayed != account.Balance)
            {
                AddAccountBreak(BreakKind.BalanceMismatch, account, FormattableString.Invariant($"{name}: balance is {account.Balance} but its journal entries add up to {replayed}"));
            }

            if (account.DebitLimit < 0 || account.CreditLimit < 0 || account.PendingDebits < 0 || account.PendingCredits < 0)
            {
                AddAccountBreak(BreakKind.InvalidAccountState, account, $"{name}: negative limit or pending total");
            }

            if ((Int128)account.Balance - account.PendingDebits < -(Int128)account.DebitLimit)
            {
                AddAccountBreak(BreakKind.BeyondDebitLimit, account, FormattableString.Invariant(
                    $"{name}: balance {account.Balance} minus pending debits {account.PendingDebits} is below its floor of -{account.DebitLimit}"));
            }

            if ((Int128)account.Balance + account.PendingCredits > account.CreditLimit)
            {
                AddAccountBreak(BreakKind.BeyondCreditLimit, account, FormattableString.Invariant(
                    $"{name}: balance {account.Balance} plus pending credits {account.PendingCredits} is above its ceiling of {account.CreditLimit}"));
            }

            sums[account.ExchangeId] = sums.GetValueOrDefault(account.ExchangeId) + account.Balance;
        }

        foreach (var (exchangeId, sum) in sums)
        {
            if (sum != 0)
            {
                breaks.Add(new VerificationBreak(BreakKind.ExchangeNotZeroSum, FormattableString.Invariant($"exchange {exchangeId}: balances add up to {sum}, not 0"))
                {
                    ExchangeId = exchangeId,
                });
            }
        }
    }

    private void CheckTransfers(IEnumerable<Transfer> transfers)
    {
        var pendingDebits = new Dictionary<Guid, Int128>();
        var pendingCredits = new Dictionary<Guid, Int128>();
        var links = new Dictionary<Guid, LinkFacts>();
        foreach (var transfer in transfers)
        {
            links[transfer.Id] = new LinkFacts(transfer.Kind, transfer.HoldStatus, transfer.PendingId ?? transfer.OriginalId, transfer.ResolvedById, transfer.ReversedById);
            if (transfer.HoldStatus == HoldStatus.Open)
            {
                pendingDebits[transfer.DebitAccountId] = pendingDebits.GetValueOrDefault(transfer.DebitAccountId) + transfer.Amount;
                pendingCredits[transfer.CreditAccountId] = pendingCredits.GetValueOrDefault(transfer.CreditAccountId) + transfer.Amount;
            }

            CheckTransferEntry(transfer);
        }

        foreach (var account in accounts.Values)
        {
            var debits = pendingDebits.GetValueOrDefault(account.Id);
            var credits = pendingCredits.GetValueOrDefault(account.Id);
            if (debits != account.PendingDebits || credits != account.PendingCredits)
            {
                AddAccountBreak(BreakKind.PendingTotalsMismatch, account, FormattableString.Invariant(
                    $"account {account.Id} ({account.ExchangeId}): pending debits/credits are {account.PendingDebits}/{account.PendingCredits} but its open holds add up to {debits}/{credits}"));
            }
        }

        foreach (var entry in entriesByTransfer.Values)
        {
            if (!links.ContainsKey(entry.TransferId))
            {
                Add(BreakKind.OrphanEntry, entry, $"{Name(entry)}: there is no transfer {entry.TransferId}");
            }
        }

        CheckLinks(links);
    }

    /// <summary>Posts, voids and reversals against what they refer to, in both directions.</summary>
    private void CheckLinks(Dictionary<Guid, LinkFacts> links)
    {
        var firstLinkTo = new Dictionary<Guid, Guid>();
        foreach (var (id, t) in links)
        {
            if (t.Kind is TransferKind.PostPending or TransferKind.VoidPending or TransferKind.Reversal)
            {
                var verb = t.Kind == TransferKind.Reversal ? "reverses" : t.Kind == TransferKind.PostPending ? "posts" : "voids";
                var name = $"{t.Kind} {id}";
                if (t.Target is not { } target || !links.TryGetValue(target, out var referred))
                {
                    AddLinkBreak(id, $"{name} {verb} transfer {t.Target}, which does not exist");
                    continue;
                }

                if (t.Kind == TransferKind.Reversal
                    ? referred.Kind is not (TransferKind.Direct or TransferKind.PostPending)
                    : referred.Kind != TransferKind.Pending)
                {
                    AddLinkBreak(id, $"{name} {verb} transfer {target}, a {referred.Kind}, which it cannot");
                }

                var markedBy = t.Kind == TransferKind.Reversal ? referred.ReversedById : referred.ResolvedById;
                if (markedBy != id)
                {
                    AddLinkBreak(id, $"{name} {verb} transfer {target}, but {target} names {(markedBy is { } other ? other.ToString() : "nothing")} as its {(t.Kind == TransferKind.Reversal ? "reversal" : "resolution")}");
                }
                else if (t.Kind != TransferKind.Reversal && referred.HoldStatus != (t.Kind == TransferKind.PostPending ? HoldStatus.Posted : HoldStatus.Voided))
                {
                    AddLinkBreak(id, $"{name} {verb} hold {target}, but the hold is {referred.HoldStatus}");
                }

                if (!firstLinkTo.TryAdd(target, id))
                {
                    AddLinkBreak(id, $"{name} {verb} transfer {target}, already {(t.Kind == TransferKind.Reversal ? "reversed" : "resolved")} by {firstLinkTo[target]}");
                }
            }

            if (t.ReversedById is { } reversal && !(links.TryGetValue(reversal, out var r) && r.Kind == TransferKind.Reversal && r.Target == id))
            {
                AddLinkBreak(id, $"transfer {id} names {reversal} as its reversal, which is not a reversal of it");
            }

            if (t.ResolvedById is { } resolution && !(links.TryGetValue(resolution, out var p) && p.Kind is TransferKind.PostPending or TransferKind.VoidPending && p.Target == id))
            {
                AddLinkBreak(id, $"hold {id} names {resolution} as its resolution, which is not a post or void of it");
            }
            else if (t.Kind == TransferKind.Pending && t.HoldStatus is HoldStatus.Posted or HoldStatus.Voided && t.ResolvedById is null)
            {
                AddLinkBreak(id, $"hold {id} is {t.HoldStatus} but names no post or void");
            }
        }
    }

    private void AddLinkBreak(Guid transferId, string description) =>
        breaks.Add(new VerificationBreak(BreakKind.LinkBroken, description) { TransferId = transferId });

    private void CheckTransferEntry(Transfer transfer)
    {
        var hasEntry = entriesByTransfer.TryGetValue(transfer.Id, out var entry);
        if (!transfer.MovesBalances)
        {
            if (hasEntry)
            {
                Add(BreakKind.EntryDoesNotMatchTransfer, entry!, $"{Name(entry!)}: transfer {transfer.Id} is a {transfer.Kind} and moves no balances");
            }

            return;
        }

        if (!hasEntry)
        {
            breaks.Add(new VerificationBreak(BreakKind.MissingEntry, $"transfer {transfer.Id} ({transfer.ExchangeId}): moved balances but has no journal entry")
            {
                ExchangeId = transfer.ExchangeId,
                TransferId = transfer.Id,
            });
            return;
        }

        if (!string.Equals(entry!.ExchangeId, transfer.ExchangeId, StringComparison.Ordinal)
            || entry.Sequence != transfer.JournalSequence
            || entry.Kind != transfer.Kind
            || entry.DebitAccountId != transfer.DebitAccountId
            || entry.CreditAccountId != transfer.CreditAccountId
            || entry.Amount != transfer.Amount
            || entry.RelatedTransferId != (transfer.PendingId ?? transfer.OriginalId ?? Guid.Empty))
        {
            Add(BreakKind.EntryDoesNotMatchTransfer, entry, $"{Name(entry)}: differs from transfer {transfer.Id} in exchange, sequence, kind, accounts, amount or related transfer (hold or original)");
        }
    }

    private static Hash256? TryComputeHash(JournalEntry entry)
    {
        try
        {
            return JournalEncoding.ComputeHash(entry);
        }
        catch (EncoderFallbackException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static string Name(JournalEntry entry) =>
        FormattableString.Invariant($"exchange {entry.ExchangeId} entry #{entry.Sequence}");

    private void Add(BreakKind kind, JournalEntry entry, string description) =>
        breaks.Add(new VerificationBreak(kind, description)
        {
            ExchangeId = entry.ExchangeId,
            Sequence = entry.Sequence,
            TransferId = entry.TransferId,
        });

    private void AddAccountBreak(BreakKind kind, AccountState account, string description) =>
        breaks.Add(new VerificationBreak(kind, description) { ExchangeId = account.ExchangeId, AccountId = account.Id });

    /// <summary>What the link checks need of a transfer; <see cref="Target"/> is the hold or original it refers to.</summary>
    private readonly record struct LinkFacts(TransferKind Kind, HoldStatus HoldStatus, Guid? Target, Guid? ResolvedById, Guid? ReversedById);

    private sealed class ChainCursor
    {
        public long LastSequence { get; set; }

        public Hash256 LastHash { get; set; }
    }
}
