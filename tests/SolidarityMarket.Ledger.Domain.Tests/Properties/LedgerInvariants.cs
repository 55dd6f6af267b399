using SolidarityMarket.Ledger.Domain;

namespace SolidarityMarket.Ledger.Domain.Tests.Properties;

/// <summary>
/// The ledger's invariants, recomputed here independently of the domain's own verifier (which is checked too).
/// </summary>
internal static class LedgerInvariants
{
    public static void AssertAll(LedgerBook book, IReadOnlySet<Guid> appliedIds)
    {
        var replayed = new Dictionary<Guid, Int128>();
        var journaled = new HashSet<Guid>();
        foreach (var entry in book.Journal)
        {
            Assert.True(journaled.Add(entry.TransferId), $"Transfer {entry.TransferId} was journaled twice.");
            replayed[entry.DebitAccountId] = replayed.GetValueOrDefault(entry.DebitAccountId) - entry.Amount;
            replayed[entry.CreditAccountId] = replayed.GetValueOrDefault(entry.CreditAccountId) + entry.Amount;
        }

        var pendingDebits = new Dictionary<Guid, Int128>();
        var pendingCredits = new Dictionary<Guid, Int128>();
        var resolutions = new Dictionary<Guid, Transfer>();
        var reversals = new Dictionary<Guid, Transfer>();
        var balanceMovers = 0;
        foreach (var transfer in book.Transfers)
        {
            Assert.Contains(transfer.Id, appliedIds);
            if (transfer.MovesBalances)
            {
                balanceMovers++;
                Assert.Contains(transfer.Id, journaled);
            }

            if (transfer.HoldStatus == HoldStatus.Open)
            {
                pendingDebits[transfer.DebitAccountId] = pendingDebits.GetValueOrDefault(transfer.DebitAccountId) + transfer.Amount;
                pendingCredits[transfer.CreditAccountId] = pendingCredits.GetValueOrDefault(transfer.CreditAccountId) + transfer.Amount;
            }

            if (transfer.PendingId is { } holdId)
            {
                Assert.True(resolutions.TryAdd(holdId, transfer), $"Hold {holdId} was resolved twice.");
            }

            if (transfer.Kind == TransferKind.Reversal)
            {
                Assert.True(reversals.TryAdd(transfer.OriginalId!.Value, transfer), $"Transfer {transfer.OriginalId} was reversed twice.");
            }
        }

        Assert.Equal(appliedIds.Count, book.Transfers.Count);
        Assert.Equal(balanceMovers, book.Journal.Count);
        AssertHoldsAndReversalsConsistent(book, resolutions, reversals);

        var sums = new Dictionary<string, Int128>(StringComparer.Ordinal);
        foreach (var account in book.Accounts)
        {
            Assert.Equal(replayed.GetValueOrDefault(account.Id), account.Balance);
            Assert.Equal(pendingDebits.GetValueOrDefault(account.Id), account.PendingDebits);
            Assert.Equal(pendingCredits.GetValueOrDefault(account.Id), account.PendingCredits);
            Assert.True((Int128)account.Balance - account.PendingDebits >= -(Int128)account.DebitLimit, $"Beyond debit limit: {account}");
            Assert.True((Int128)account.Balance + account.PendingCredits <= account.CreditLimit, $"Beyond credit limit: {account}");
            sums[account.ExchangeId] = sums.GetValueOrDefault(account.ExchangeId) + account.Balance;
        }

        foreach (var (exchange, sum) in sums)
        {
            Assert.True(sum == 0, $"Exchange {exchange} sums to {sum}.");
        }

        var report = book.Verify();
        Assert.True(report.IsIntact, report.ToString());
    }

    private static void AssertHoldsAndReversalsConsistent(LedgerBook book, Dictionary<Guid, Transfer> resolutions, Dictionary<Guid, Transfer> reversals)
    {
        foreach (var transfer in book.Transfers)
        {
            if (transfer.Kind == TransferKind.Pending)
            {
                resolutions.TryGetValue(transfer.Id, out var resolution);
                switch (transfer.HoldStatus)
                {
                    case HoldStatus.Posted:
                        Assert.Equal(TransferKind.PostPending, resolution!.Kind);
                        Assert.Equal(resolution.Id, transfer.ResolvedById);
                        Assert.Equal(resolution.Amount, transfer.PostedAmount);
                        Assert.InRange(transfer.PostedAmount, 1, transfer.Amount);
                        break;
                    case HoldStatus.Voided:
                        Assert.Equal(TransferKind.VoidPending, resolution!.Kind);
                        Assert.Equal(resolution.Id, transfer.ResolvedById);
                        break;
                    default:
                        Assert.Null(resolution);
                        Assert.Null(transfer.ResolvedById);
                        break;
                }
            }

            if (transfer.ReversedById is { } reversalId)
            {
                Assert.Equal(reversalId, reversals[transfer.Id].Id);
            }
            else
            {
                Assert.False(reversals.ContainsKey(transfer.Id), $"Transfer {transfer.Id} was reversed without the link back.");
            }
        }
    }
}
