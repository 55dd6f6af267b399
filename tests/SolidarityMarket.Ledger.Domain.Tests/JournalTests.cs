using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Domain.Tests;

public sealed class JournalTests
{
    private readonly LedgerFixture f = new();

    [Fact]
    public void The_canonical_encoding_matches_the_documented_layout()
    {
        // Expected hash computed independently (Python hashlib) from the layout documented on JournalEncoding.
        var entry = new JournalEntry(
            "food", 1, Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), TransferKind.Direct, TransferCode.Trade,
            Guid.Parse("11111111-1111-1111-1111-111111111111"), Guid.Parse("22222222-2222-2222-2222-222222222222"),
            12345, Guid.Empty, LedgerFixture.T0, "apples", null, Hash256.Zero, default);

        var bytes = JournalEncoding.Encode(entry);
        Assert.Equal(144, bytes.Length);
        Assert.Equal(1, bytes[0]);
        Assert.Equal([1, 0, 4, (byte)'f', (byte)'o', (byte)'o', (byte)'d'], bytes[..7]);
        Assert.Equal([0x00, 0x11, 0x22], bytes[15..18]); // transfer id, in RFC 9562 byte order
        Assert.Equal("7f8a70d046fbfc526d7de12b2333d25494833f4af070bdab7a8d8f4d0d5906bc", JournalEncoding.ComputeHash(entry).ToString());
    }

    [Fact]
    public void Entries_are_numbered_per_exchange_and_chained_from_genesis()
    {
        var (foodA, foodB) = (f.Open("food"), f.Open("food"));
        var (careA, careB) = (f.Open("care"), f.Open("care"));
        f.Pay(foodA, foodB, 1);
        f.Pay(careA, careB, 2);
        f.Pay(foodB, foodA, 3);

        var food = f.Book.Journal.Where(e => e.ExchangeId == "food").ToArray();
        var care = f.Book.Journal.Where(e => e.ExchangeId == "care").ToArray();
        Assert.Equal([1L, 2L], food.Select(e => e.Sequence));
        Assert.Equal([1L], care.Select(e => e.Sequence));
        Assert.Equal(Hash256.Zero, food[0].PreviousHash);
        Assert.Equal(food[0].Hash, food[1].PreviousHash);
        Assert.Equal(Hash256.Zero, care[0].PreviousHash);
        Assert.Equal(new JournalHead("food", 2, food[1].Hash), f.Book.GetHead("food"));
        Assert.Equal(food[1].Hash, Hash256.FromHex(food[1].Hash.ToString()));
        Assert.Equal(food[1].Hash, Hash256.FromBytes(food[1].Hash.ToArray()));
    }

    [Fact]
    public void An_intact_ledger_verifies()
    {
        var journal = BuildJournal();
        var report = JournalVerifier.Verify(f.Book.Accounts, journal, f.Book.Transfers, f.Book.Heads);
        Assert.True(report.IsIntact, report.ToString());
        Assert.Equal(journal.Count, report.EntriesChecked);
    }

    [Fact]
    public void A_changed_amount_is_named_by_exchange_and_entry()
    {
        var journal = BuildJournal();
        var index = IndexOf(journal, "food", 3);
        journal[index] = journal[index] with { Amount = journal[index].Amount + 1 };

        var report = JournalVerifier.Verify(f.Book.Accounts, journal);
        var first = report.Breaks[0];
        Assert.Equal(BreakKind.HashMismatch, first.Kind);
        Assert.Equal("food", first.ExchangeId);
        Assert.Equal(3, first.Sequence);
        Assert.StartsWith("exchange food entry #3: hash mismatch", first.Description, StringComparison.Ordinal);
        Assert.Contains(report.Breaks, b => b.Kind == BreakKind.BalanceMismatch);
        Assert.DoesNotContain(report.Breaks, b => b.Sequence is { } s && s != 3 && b.ExchangeId == "food");
    }

    [Fact]
    public void A_changed_hash_is_named_and_breaks_the_link_of_the_next_entry()
    {
        var journal = BuildJournal();
        var index = IndexOf(journal, "food", 2);
        journal[index] = journal[index] with { Hash = new Hash256(1, 2, 3, 4) };

        var report = JournalVerifier.Verify(f.Book.Accounts, journal);
        Assert.Equal(2, report.Breaks.Count);
        Assert.Equal((BreakKind.HashMismatch, 2L), (report.Breaks[0].Kind, report.Breaks[0].Sequence!.Value));
        Assert.Equal((BreakKind.ChainBroken, 3L), (report.Breaks[1].Kind, report.Breaks[1].Sequence!.Value));
        Assert.Equal("exchange food entry #3: chain broken, its previous hash is not the hash of entry #2", report.Breaks[1].Description);
    }

    [Fact]
    public void A_rewritten_entry_with_a_recomputed_hash_still_breaks_the_chain_and_the_balances()
    {
        var journal = BuildJournal();
        var index = IndexOf(journal, "food", 2);
        var forged = journal[index] with { Amount = journal[index].Amount + 50 };
        journal[index] = forged with { Hash = JournalEncoding.ComputeHash(forged) };

        var report = JournalVerifier.Verify(f.Book.Accounts, journal);
        Assert.Equal((BreakKind.ChainBroken, 3L), (report.Breaks[0].Kind, report.Breaks[0].Sequence!.Value));
        Assert.Contains(report.Breaks, b => b.Kind == BreakKind.BalanceMismatch && b.AccountId == forged.DebitAccountId);
    }

    [Fact]
    public void A_forger_who_rehashes_the_rest_of_the_chain_is_still_caught_by_the_replay_and_the_head()
    {
        var journal = BuildJournal();
        var previous = Hash256.Zero;
        for (var i = 0; i < journal.Count; i++)
        {
            if (journal[i].ExchangeId != "food")
            {
                continue;
            }

            var entry = journal[i] with { PreviousHash = previous, Amount = journal[i].Sequence == 2 ? journal[i].Amount + 7 : journal[i].Amount };
            journal[i] = entry with { Hash = JournalEncoding.ComputeHash(entry) };
            previous = journal[i].Hash;
        }

        var report = JournalVerifier.Verify(f.Book.Accounts, journal, expectedHeads: f.Book.Heads);
        Assert.DoesNotContain(report.Breaks, b => b.Kind is BreakKind.HashMismatch or BreakKind.ChainBroken);
        Assert.Contains(report.Breaks, b => b.Kind == BreakKind.HeadMismatch && b.ExchangeId == "food");
        Assert.Contains(report.Breaks, b => b.Kind == BreakKind.BalanceMismatch);
    }

    [Fact]
    public void Deleted_duplicated_and_truncated_entries_are_named()
    {
        var journal = BuildJournal();
        var deleted = new List<JournalEntry>(journal);
        deleted.RemoveAt(IndexOf(journal, "food", 2));
        var gap = JournalVerifier.Verify(f.Book.Accounts, deleted).Breaks[0];
        Assert.Equal(BreakKind.SequenceGap, gap.Kind);
        Assert.StartsWith("exchange food entry #3: out of sequence, expected entry #2", gap.Description, StringComparison.Ordinal);

        var duplicated = new List<JournalEntry>(journal);
        duplicated.Add(journal[IndexOf(journal, "food", 1)] with { Sequence = f.Book.GetHead("food").LastSequence + 1 });
        Assert.Contains(JournalVerifier.Verify(f.Book.Accounts, duplicated).Breaks, b => b.Kind == BreakKind.DuplicateTransfer);

        var truncated = journal.Take(journal.Count - 1).ToList();
        var lastExchange = journal[^1].ExchangeId;
        Assert.Contains(
            JournalVerifier.Verify(f.Book.Accounts, truncated, expectedHeads: f.Book.Heads).Breaks,
            b => b.Kind == BreakKind.HeadMismatch && b.ExchangeId == lastExchange);
    }

    [Fact]
    public void A_tampered_account_is_named()
    {
        BuildJournal();
        var accounts = f.Book.Accounts.ToList();
        var victim = accounts.First(a => a.Balance != 0);
        accounts[accounts.IndexOf(victim)] = victim with { Balance = victim.Balance + 10 };

        var report = JournalVerifier.Verify(accounts, f.Book.Journal, f.Book.Transfers);
        Assert.Contains(report.Breaks, b => b.Kind == BreakKind.BalanceMismatch && b.AccountId == victim.Id
            && b.Description.StartsWith($"account {victim.Id} ({victim.ExchangeId}): balance is {victim.Balance + 10}", StringComparison.Ordinal));
        Assert.Contains(report.Breaks, b => b.Kind == BreakKind.ExchangeNotZeroSum && b.ExchangeId == victim.ExchangeId
            && b.Description == $"exchange {victim.ExchangeId}: balances add up to 10, not 0");
    }

    [Fact]
    public void Limits_and_hold_totals_are_verified()
    {
        BuildJournal();
        var accounts = f.Book.Accounts.ToList();
        var debtor = accounts.First(a => a.Balance < 0);
        accounts[accounts.IndexOf(debtor)] = debtor with { DebitLimit = 0 };
        var holder = accounts.First(a => a.PendingDebits > 0);
        accounts[accounts.IndexOf(holder)] = holder with { PendingDebits = holder.PendingDebits - 1 };

        var report = JournalVerifier.Verify(accounts, f.Book.Journal, f.Book.Transfers);
        Assert.Contains(report.Breaks, b => b.Kind == BreakKind.BeyondDebitLimit && b.AccountId == debtor.Id);
        Assert.Contains(report.Breaks, b => b.Kind == BreakKind.PendingTotalsMismatch && b.AccountId == holder.Id);
    }

    [Fact]
    public void Entries_and_transfers_must_correspond()
    {
        var journal = BuildJournal();
        var transfers = f.Book.Transfers.ToList();
        var dropped = transfers.First(t => t.MovesBalances);
        transfers.Remove(dropped);
        Assert.Contains(JournalVerifier.Verify(f.Book.Accounts, journal, transfers).Breaks, b => b.Kind == BreakKind.OrphanEntry && b.TransferId == dropped.Id);

        var withoutEntry = journal.Where(e => e.TransferId != dropped.Id).ToList();
        Assert.Contains(JournalVerifier.Verify(f.Book.Accounts, withoutEntry, f.Book.Transfers).Breaks, b => b.Kind == BreakKind.MissingEntry && b.TransferId == dropped.Id);
    }

    [Fact]
    public void A_book_rebuilt_from_stored_rows_verifies_and_continues_the_chain()
    {
        BuildJournal();
        var copy = new LedgerBook();
        foreach (var account in f.Book.Accounts)
        {
            copy.Load(account);
        }

        foreach (var transfer in f.Book.Transfers)
        {
            copy.Load(transfer);
        }

        foreach (var entry in f.Book.Journal)
        {
            copy.Load(entry);
        }

        Assert.True(copy.Verify().IsIntact, copy.Verify().ToString());
        var payer = copy.Accounts.First(a => a.ExchangeId == "food" && a.AvailableToSpend > 10).Id;
        var payee = copy.Accounts.First(a => a.ExchangeId == "food" && a.Id != payer).Id;
        Assert.True(copy.Submit(TransferRequest.Direct(Guid.NewGuid(), payer, payee, 10), LedgerFixture.T0).IsAccepted);
        Assert.True(copy.Verify().IsIntact, copy.Verify().ToString());
        Assert.Equal(f.Book.GetHead("food").LastSequence + 1, copy.GetHead("food").LastSequence);
    }

    [Fact]
    public void A_transfer_reversed_twice_after_its_reversal_link_was_cleared_is_named()
    {
        BuildJournal();
        var original = f.Book.Transfers.First(t => t.Kind == TransferKind.Direct && t.ExchangeId == "food");
        var first = f.Book.Reverse(Guid.NewGuid(), original.Id, LedgerFixture.T0, RequesterRole.Administrator);
        Assert.True(first.IsAccepted, first.ToString());

        // Transfers.ReversedById is not hashed: cleared in storage, the writer's book (rebuilt from rows) took a second
        // reversal, chained like any entry, and the verifier called the ledger intact.
        var copy = RebuildFromRows(f.Book, t => t.Id == original.Id ? t with { ReversedById = null } : t);
        var second = copy.Reverse(Guid.NewGuid(), original.Id, LedgerFixture.T0, RequesterRole.Administrator);
        Assert.True(second.IsAccepted, second.ToString());

        var report = copy.Verify();

        Assert.False(report.IsIntact);
        Assert.Contains(report.Breaks, b => b.Kind == BreakKind.LinkBroken && b.TransferId == first.Transfer.Id && b.Description.Contains($"names {second.Transfer.Id}", StringComparison.Ordinal));
        Assert.Contains(report.Breaks, b => b.Kind == BreakKind.LinkBroken && b.Description.Contains($"already reversed by", StringComparison.Ordinal));
    }

    [Fact]
    public void Posts_voids_and_reversals_that_do_not_match_what_they_refer_to_are_named()
    {
        var a = f.Open("food", 1_000);
        var b = f.Open("food", 1_000);
        var hold = f.HoldFor(a, b, 50);
        var post = f.Book.Post(Guid.NewGuid(), hold.Id, LedgerFixture.T0, 20).Transfer;
        var voided = f.HoldFor(a, b, 30);
        var voiding = f.Book.Void(Guid.NewGuid(), voided.Id, LedgerFixture.T0).Transfer;
        var paid = f.Pay(a, b, 10);
        var reversal = f.Book.Reverse(Guid.NewGuid(), paid.Id, LedgerFixture.T0, RequesterRole.Administrator).Transfer;
        Assert.True(f.Book.Verify().IsIntact, f.Book.Verify().ToString());
        var transfers = f.Book.Transfers.ToList();

        Assert.Contains(VerifyWith(transfers, t => t.Id == hold.Id ? t with { ResolvedById = null } : t), b => b.Kind == BreakKind.LinkBroken && b.TransferId == post.Id);
        Assert.Contains(VerifyWith(transfers, t => t.Id == voided.Id ? t with { ResolvedById = Guid.NewGuid() } : t), b => b.Kind == BreakKind.LinkBroken && b.TransferId == voided.Id);
        Assert.Contains(VerifyWith(transfers, t => t.Id == voided.Id ? t with { HoldStatus = HoldStatus.Expired } : t), b => b.Kind == BreakKind.LinkBroken && b.TransferId == voiding.Id);
        Assert.Contains(VerifyWith(transfers, t => t.Id == paid.Id ? t with { ReversedById = null } : t), b => b.Kind == BreakKind.LinkBroken && b.TransferId == reversal.Id);
        Assert.Contains(VerifyWith(transfers, t => t.Id == hold.Id ? t with { HoldStatus = HoldStatus.Posted, ResolvedById = null } : t), b => b.Kind == BreakKind.LinkBroken && b.TransferId == hold.Id);
        // The entry's related transfer is hashed; the transfer's reference is not, and the two must agree.
        var retargeted = VerifyWith(transfers, t => t.Id == reversal.Id ? t with { Request = t.Request with { OriginalId = hold.Id } } : t);
        Assert.Contains(retargeted, b => b.Kind == BreakKind.EntryDoesNotMatchTransfer && b.TransferId == reversal.Id);
        Assert.Contains(retargeted, b => b.Kind == BreakKind.LinkBroken && b.TransferId == reversal.Id && b.Description.Contains("a Pending", StringComparison.Ordinal));
    }

    private IReadOnlyList<VerificationBreak> VerifyWith(List<Transfer> transfers, Func<Transfer, Transfer> tamper) =>
        JournalVerifier.Verify(f.Book.Accounts, f.Book.Journal, transfers.Select(tamper), f.Book.Heads).Breaks;

    private static LedgerBook RebuildFromRows(LedgerBook book, Func<Transfer, Transfer> tamper)
    {
        var copy = new LedgerBook();
        foreach (var account in book.Accounts)
        {
            copy.Load(account);
        }

        foreach (var transfer in book.Transfers)
        {
            copy.Load(tamper(transfer));
        }

        foreach (var entry in book.Journal)
        {
            copy.Load(entry);
        }

        return copy;
    }

    private List<JournalEntry> BuildJournal()
    {
        var a = f.Open("food", 1_000);
        var b = f.Open("food", 1_000);
        var c = f.Open("care", 1_000);
        var d = f.Open("care", 1_000);
        f.Pay(a, b, 100);
        f.Pay(c, d, 40);
        f.Pay(b, a, 30);
        f.Pay(a, b, 5);
        var hold = f.HoldFor(a, b, 50);
        Assert.True(f.Book.Post(Guid.NewGuid(), hold.Id, LedgerFixture.T0, 20).IsAccepted);
        f.HoldFor(a, b, 60);
        f.Pay(d, c, 7);
        return [.. f.Book.Journal];
    }

    private static int IndexOf(List<JournalEntry> journal, string exchange, long sequence) =>
        journal.FindIndex(e => e.ExchangeId == exchange && e.Sequence == sequence);
}
