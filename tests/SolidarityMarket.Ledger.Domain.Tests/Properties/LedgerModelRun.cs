using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Domain.Tests.Properties;

/// <summary>
/// Interprets one random sequence of operations against a fresh ledger and checks, after every step, the
/// invariants, that refused or replayed commands changed nothing, and that the change sets persist faithfully.
/// </summary>
internal sealed class LedgerModelRun
{
    private static readonly LedgerPolicy Policy = LedgerPolicy.Default with { PayeeReversalWindow = TimeSpan.FromMinutes(10) };

    private readonly LedgerBook book = new(Policy);
    private readonly PersistenceMirror mirror = new();
    private readonly ExchangeDirectory directory;
    private readonly Guid[] accounts;
    private readonly int[] exchangeOf;
    private readonly List<Guid> members = [];

    private readonly HashSet<Guid> appliedIds = [];
    private readonly List<TransferRequest> submitted = [];
    private readonly List<TransferRequest> accepted = [];
    private readonly List<Guid> holds = [];
    private readonly List<Guid> transfers = [];
    private readonly List<TradePlan> heldTrades = [];
    private readonly List<IReadOnlyList<TransferRequest>> acceptedBatches = [];
    private DateTimeOffset now = LedgerFixture.T0;
    private int idCounter;
    private int frozenWriteOffs;

    public LedgerModelRun(WorldSpec world)
    {
        var count = WorldSpec.Exchanges.Length * WorldSpec.AccountsPerExchange;
        accounts = new Guid[count];
        exchangeOf = new int[count];
        var infos = new List<ExchangeInfo>();
        for (var i = 0; i < count; i++)
        {
            var exchange = i / WorldSpec.AccountsPerExchange;
            var role = i % WorldSpec.AccountsPerExchange;
            var kind = role switch { 0 => AccountKind.Operating, 1 => AccountKind.Clearing, 2 => AccountKind.Reserve, _ => AccountKind.Member };
            accounts[i] = NewId();
            exchangeOf[i] = exchange;
            var (debit, credit) = world.Limits[i];
            Assert.True(book.OpenAccount(new OpenAccountRequest(accounts[i], WorldSpec.Exchanges[exchange], kind, debit, credit)).IsAccepted);
            if (kind == AccountKind.Member)
            {
                members.Add(accounts[i]);
            }
        }

        for (var e = 0; e < WorldSpec.Exchanges.Length; e++)
        {
            var first = e * WorldSpec.AccountsPerExchange;
            infos.Add(new ExchangeInfo(WorldSpec.Exchanges[e], accounts[first], accounts[first + 1], accounts[first + 2], world.FeeBasisPoints[e]));
        }

        directory = new ExchangeDirectory(infos);
        mirror.Apply(book.TakeChanges());
    }

    public void Run(IEnumerable<Op> ops)
    {
        foreach (var op in ops)
        {
            Step(op);
        }
    }

    private void Step(Op op)
    {
        now = now.AddSeconds(op.C % 90);
        var before = BookSnapshot.Of(book);
        var (changed, groupChanges) = Execute(op);
        var changes = groupChanges ?? book.TakeChanges();
        if (!changed)
        {
            BookSnapshot.Of(book).AssertSameAs(before);
            Assert.True(changes.IsEmpty, $"{op} was refused or replayed but produced changes.");
        }

        mirror.Apply(changes);
        mirror.AssertMatches(book);
        LedgerInvariants.AssertAll(book, appliedIds);
    }

    private (bool Changed, LedgerChanges? GroupChanges) Execute(Op op) => op.Kind switch
    {
        OpKind.Pay => (Submit(PayRequest(op, Account(op.A), Counterparty(op))), null),
        OpKind.Hold => (Submit(HoldRequest(op, Account(op.A), Counterparty(op))), null),
        OpKind.Post => (Post(op), null),
        OpKind.Void => (Submit(TransferRequest.VoidHold(NewId(), PickHold(op))), null),
        OpKind.Expire => (Expire(op), null),
        OpKind.Reverse => (Submit(TransferRequest.Reversal(NewId(), Pick(transfers, op.A) ?? NewId()), (RequesterRole)(op.B % 4 % 3)), null),
        OpKind.FeeTrade => (Trade(op, crossSector: false), null),
        OpKind.CrossSectorTrade => (Trade(op, crossSector: true), null),
        OpKind.SettleHeldTrade => (SettleHeldTrade(op), null),
        OpKind.LinkedBatch => (LinkedBatch(op), null),
        OpKind.RetrySame => (RetrySame(op), null),
        OpKind.RetryDifferent => (RetryDifferent(op), null),
        OpKind.Admin => (Admin(op), null),
        OpKind.WriteOff => (WriteOff(op), null),
        _ => GroupCommit(op),
    };

    /// <summary>Mostly trades; some settlements, and some write-offs (which may reach a frozen member from a reserve).</summary>
    private TransferRequest PayRequest(Op op, Guid payer, Guid payee) =>
        TransferRequest.Direct(NewId(), payer, payee, op.Amount, (op.C % 7) switch
        {
            0 or 3 or 6 => TransferCode.Settlement,
            1 => TransferCode.WriteOff,
            _ => TransferCode.Trade,
        }, Memo(op));

    private TransferRequest HoldRequest(Op op, Guid payer, Guid payee) =>
        TransferRequest.Hold(NewId(), payer, payee, op.Amount, op.C % 4 == 0 ? null : TimeSpan.FromSeconds(1 + (op.C % 600)), memo: Memo(op));

    /// <summary>Usually short; now and then one character over the limit.</summary>
    private static string Memo(Op op) => op.C % 37 == 0 ? new string('m', 501) : "m" + (op.B % 10);

    private bool Submit(TransferRequest request, RequesterRole role = RequesterRole.Other)
    {
        submitted.Add(request);
        return Record(book.Submit(request, now, role), [request], role);
    }

    /// <summary>Posts a hold for its full amount, exactly it, one more (must fail), less, or anything.</summary>
    private bool Post(Op op)
    {
        var holdId = PickHold(op);
        var held = book.FindTransfer(holdId)?.Amount ?? 1;
        var amount = (op.B % 6) switch
        {
            0 => 0,
            1 => held,
            2 => held + 1,
            3 => Math.Max(1, held - 1),
            4 => 1 + (Math.Abs(op.Amount) % held),
            _ => op.Amount,
        };
        return Submit(TransferRequest.PostHold(NewId(), holdId, amount));
    }

    private bool SubmitLinked(IReadOnlyList<TransferRequest> requests, RequesterRole role = RequesterRole.Other)
    {
        submitted.AddRange(requests);
        var result = book.SubmitLinked(requests, now, role);
        if (result.IsAccepted && !result.IsReplay)
        {
            acceptedBatches.Add(requests);
        }

        return Record(result, requests, role);
    }

    /// <summary>Tracks what was applied and checks the rules an accepted transfer must have met; true when the book may have changed.</summary>
    private bool Record(SubmitResult result, IReadOnlyList<TransferRequest> requests, RequesterRole role = RequesterRole.Other)
    {
        if (!result.IsAccepted)
        {
            Assert.Empty(result.Transfers);
            return false;
        }

        Assert.Equal(requests.Count, result.Transfers.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            var transfer = result.Transfers[i];
            Assert.Equal(requests[i], transfer.Request);
            Assert.Equal(book.FindTransfer(transfer.Id), transfer);
            if (result.IsReplay)
            {
                Assert.Contains(transfer.Id, appliedIds);
                continue;
            }

            Assert.True(appliedIds.Add(transfer.Id), $"Id {transfer.Id} was applied twice.");
            AssertRulesWereMet(transfer, role);
            accepted.Add(requests[i]);
            transfers.Add(transfer.Id);
            if (transfer.Kind == TransferKind.Pending)
            {
                holds.Add(transfer.Id);
            }
        }

        return !result.IsReplay;
    }

    /// <summary>Rules that no invariant would notice if broken, because the money would still add up.</summary>
    private void AssertRulesWereMet(Transfer transfer, RequesterRole role)
    {
        Assert.True(transfer.Amount > 0, $"Accepted a transfer of {transfer.Amount}.");
        if (transfer.Kind != TransferKind.VoidPending)
        {
            var payer = book.FindAccount(transfer.DebitAccountId)!;
            var payee = book.FindAccount(transfer.CreditAccountId)!;
            Assert.Equal(AccountStatus.Active, payer.Status);

            // The one exception: a direct write-off from the reserve may reduce a frozen member's debt, never past zero.
            var writeOffOfFrozenDebt = transfer is { Kind: TransferKind.Direct, Code: TransferCode.WriteOff }
                && payer.Kind == AccountKind.Reserve && payee.Kind == AccountKind.Member && payee.Balance <= 0;
            if (payee.Status != AccountStatus.Active)
            {
                Assert.True(writeOffOfFrozenDebt && payee.Status == AccountStatus.Frozen, $"Transfer {transfer.Id} ({transfer.Code}) credited a {payee.Status} {payee.Kind} account, balance {payee.Balance}.");
                frozenWriteOffs++;
            }
        }

        if (transfer.PendingId is { } holdId)
        {
            var hold = book.FindTransfer(holdId)!;
            Assert.True(hold.ExpiresAt is null || now < hold.ExpiresAt, $"Hold {holdId} was resolved after its timeout {hold.ExpiresAt:O} at {now:O}.");
            Assert.InRange(transfer.Amount, 1, hold.Amount);
        }

        if (transfer.OriginalId is { } originalId)
        {
            var original = book.FindTransfer(originalId)!;
            Assert.True(original.Kind is TransferKind.Direct or TransferKind.PostPending, $"Reversed a {original.Kind}.");
            Assert.Equal(original.Amount, transfer.Amount);
            Assert.True(
                role == RequesterRole.Administrator || (role == RequesterRole.Payee && now <= original.CreatedAt + Policy.PayeeReversalWindow),
                $"A {role} reversed a transfer posted at {original.CreatedAt:O} at {now:O}.");
        }
    }

    private bool Expire(Op op)
    {
        now = now.AddSeconds(op.B % 900);
        var expired = book.Expire(now);
        foreach (var hold in expired)
        {
            Assert.Equal(HoldStatus.Expired, hold.HoldStatus);
            Assert.True(hold.ExpiresAt <= now);
        }

        foreach (var transfer in book.Transfers)
        {
            Assert.False(transfer.HoldStatus == HoldStatus.Open && transfer.ExpiresAt <= now, $"Hold {transfer.Id} is due but still open.");
        }

        Assert.Empty(book.Expire(now));
        return expired.Count > 0;
    }

    private bool Trade(Op op, bool crossSector)
    {
        var payerIndex = MemberIndex(op.A);
        var payerExchange = exchangeOf[payerIndex];
        var payeeExchange = crossSector ? (payerExchange + 1 + (op.B % 2)) % WorldSpec.Exchanges.Length : payerExchange;
        var payee = members[(payeeExchange * WorldSpec.MembersPerExchange) + (op.B % WorldSpec.MembersPerExchange)];
        var asHold = crossSector && op.C % 2 == 0;
        var plan = TradePlanner.Plan(
            new TradeIntent
            {
                TradeId = NewId(),
                PayerAccountId = accounts[payerIndex],
                PayerExchangeId = WorldSpec.Exchanges[payerExchange],
                PayeeAccountId = payee,
                PayeeExchangeId = WorldSpec.Exchanges[payeeExchange],
                Amount = op.Amount,
                AsHold = asHold,
                HoldTimeout = asHold && op.C % 3 == 0 ? TimeSpan.FromSeconds(60 + (op.C % 900)) : null,
            },
            directory);
        if (!plan.IsPlanned)
        {
            return false;
        }

        var changed = SubmitLinked(plan.Plan!.Requests);
        if (changed && asHold)
        {
            heldTrades.Add(plan.Plan);
        }

        return changed;
    }

    private bool SettleHeldTrade(Op op)
    {
        if (Pick(heldTrades, op.A) is not { } plan)
        {
            return false;
        }

        return SubmitLinked(op.B % 3 == 0 ? TradePlanner.PlanVoid(plan) : TradePlanner.PlanPost(plan, op.B % 2 == 0 ? 0 : op.Amount % (plan.Amount + 2)));
    }

    /// <summary>2-4 transfers inside one exchange, one of them deliberately invalid unless the dice say otherwise.</summary>
    private bool LinkedBatch(Op op)
    {
        var size = 2 + (op.B % 3);
        var failing = op.C % (size + 1); // == size: no deliberately failing item
        var exchange = exchangeOf[MemberIndex(op.A)];
        var batch = new TransferRequest[size];
        for (var i = 0; i < size; i++)
        {
            var payer = accounts[(exchange * WorldSpec.AccountsPerExchange) + ((op.A + i) % WorldSpec.AccountsPerExchange)];
            var payee = accounts[(exchange * WorldSpec.AccountsPerExchange) + ((op.A + i + 1 + (op.B % 4)) % WorldSpec.AccountsPerExchange)];
            var amount = i == failing ? 0 : 1 + ((op.Amount & 0xFFFF) % 400) + i;
            batch[i] = (op.B + i) % 4 == 0
                ? TransferRequest.Hold(NewId(), payer, payee, amount, TimeSpan.FromSeconds(30 + i))
                : TransferRequest.Direct(NewId(), payer, payee, amount);
        }

        var result = book.SubmitLinked(batch, now);
        if (failing < size)
        {
            Assert.False(result.IsAccepted);
            Assert.Equal(RejectionReason.LinkedBatchFailed, result.Rejection!.Reason);
            Assert.InRange(result.Rejection.FailedItemIndex!.Value, 0, failing);
        }

        submitted.AddRange(batch);
        if (result.IsAccepted)
        {
            acceptedBatches.Add(batch);
        }

        return Record(result, batch);
    }

    private bool RetrySame(Op op)
    {
        if (op.B % 3 == 0 && Pick(acceptedBatches, op.A) is { } batch)
        {
            var replay = book.SubmitLinked(batch, now);
            Assert.True(replay.IsReplay, $"A fully applied batch must replay: {replay}");
            return Record(replay, batch);
        }

        if (Pick(submitted, op.A) is not { } request)
        {
            return false;
        }

        var stored = book.FindTransfer(request.Id);
        var result = book.Submit(request, now, RequesterRole.Administrator);
        if (stored is not null && stored.Request == request)
        {
            Assert.True(result.IsReplay, $"An identical retry must replay: {result}");
            Assert.Equal(stored, result.Transfer);
        }

        return Record(result, [request], RequesterRole.Administrator);
    }

    private bool RetryDifferent(Op op)
    {
        if (Pick(accepted, op.A) is not { } request)
        {
            return false;
        }

        var different = (op.B % 3) switch
        {
            0 => request with { Amount = request.Amount + 1 },
            1 => request with { Memo = request.Memo + "!" },
            _ => request with { Code = request.Code == TransferCode.Fee ? TransferCode.Levy : TransferCode.Fee },
        };
        var result = book.Submit(different, now, RequesterRole.Administrator);
        Assert.Equal(RejectionReason.IdAlreadyUsedWithDifferentFields, result.Rejection?.Reason);
        return false;
    }

    /// <summary>
    /// A member's debt written off by its exchange's reserve, as a period close does — often after freezing the member
    /// (the one payment a frozen account may receive) — for the debt, one more (past zero: refused when frozen), less,
    /// or anything.
    /// </summary>
    private bool WriteOff(Op op)
    {
        var index = op.A % accounts.Length;
        var member = accounts[index];
        var reserve = accounts[(exchangeOf[index] * WorldSpec.AccountsPerExchange) + 2];
        var froze = op.B % 2 == 0 && book.Freeze(member) is { IsAccepted: true, IsReplay: false };

        var debt = -(book.FindAccount(member)?.Balance ?? 0);
        var amount = (op.B % 8 / 2) switch
        {
            0 => debt,
            1 => debt + 1,
            2 => Math.Max(1, debt - 1),
            _ => op.Amount,
        };
        return Submit(TransferRequest.Direct(NewId(), reserve, member, amount, TransferCode.WriteOff, Memo(op)), RequesterRole.Administrator) | froze;
    }

    /// <summary>How many accepted transfers credited a frozen member (write-offs of its debt) in this run.</summary>
    public int FrozenWriteOffs => frozenWriteOffs;

    private bool Admin(Op op)
    {
        var account = Account(op.A);
        var result = (op.B % 6) switch
        {
            0 => book.Freeze(account),
            1 or 2 => book.Unfreeze(account),
            3 or 4 => book.ChangeLimits(account, Math.Abs(op.Amount % 10_000), op.C % 2 == 0 ? AccountState.NoCeiling : Math.Abs(op.Amount % 30_000)),
            _ => book.Close(account),
        };
        return result.IsAccepted && !result.IsReplay;
    }

    private (bool, LedgerChanges) GroupCommit(Op op)
    {
        var commands = new List<(LedgerCommand Command, IReadOnlyList<TransferRequest> Requests)>();
        for (var i = 0; i < 2 + (op.B % 3); i++)
        {
            var variant = op with { A = op.A + (7 * i), B = op.B + i, Amount = (op.Amount & 0xFFF) + i - 2 };
            var payer = Account(variant.A);
            var payee = Account(variant.A + 1 + (variant.B % 5));
            if (i % 2 == 0)
            {
                var request = i % 4 == 0 ? PayRequest(variant, payer, payee) : HoldRequest(variant, payer, payee);
                commands.Add((LedgerCommand.Submit(request), [request]));
            }
            else
            {
                TransferRequest[] linked = [PayRequest(variant, payer, payee), PayRequest(variant with { Amount = variant.Amount + 3 }, payee, payer)];
                commands.Add((LedgerCommand.SubmitLinked(linked), linked));
            }
        }

        var group = book.ApplyGroup([.. commands.Select(c => c.Command)], now);
        var changed = false;
        for (var i = 0; i < commands.Count; i++)
        {
            submitted.AddRange(commands[i].Requests);
            changed |= Record(group.Results[i], commands[i].Requests);
        }

        return (changed, group.Changes);
    }

    private Guid PickHold(Op op) => op.B % 10 == 0 ? NewId() : Pick(holds, op.A) ?? NewId();

    private Guid Account(int pick) => accounts[pick % accounts.Length];

    /// <summary>Mostly an account of the payer's exchange (which may be the payer itself), sometimes any account.</summary>
    private Guid Counterparty(Op op)
    {
        if (op.C % 5 == 0)
        {
            return Account(op.B);
        }

        var exchange = exchangeOf[op.A % accounts.Length];
        return accounts[(exchange * WorldSpec.AccountsPerExchange) + (op.B % WorldSpec.AccountsPerExchange)];
    }

    private int MemberIndex(int pick) => Array.IndexOf(accounts, members[pick % members.Count]);

    private static T? Pick<T>(List<T> items, int pick)
        where T : class => items.Count == 0 ? null : items[pick % items.Count];

    private static Guid? Pick(List<Guid> items, int pick) => items.Count == 0 ? null : items[pick % items.Count];

    private Guid NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, ++idCounter);
        bytes[15] = 0x5A;
        return new Guid(bytes);
    }
}
