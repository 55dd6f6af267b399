using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Ledger.Tests.Api;

namespace SolidarityMarket.Ledger.Tests.PaymentRequests;

/// <summary>
/// The <see cref="LedgerHost"/> for the payment-request tests: its snapshot is what a refused payment-request call
/// must leave alone.
/// </summary>
public class PaymentRequestHost : LedgerHost
{
    /// <summary>
    /// Everything a refused request must leave alone: every payment request row as stored (version included), every
    /// account's money fields, the transfers and the size of the journal.
    /// </summary>
    public override Task<string> SnapshotAsync() => WithDbAsync(async db =>
    {
        var requests = await db.PaymentRequests.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        var transfers = await db.Transfers.AsNoTracking().OrderBy(t => t.Id).Select(t => t.Id).ToListAsync();
        var lines = requests.Select(r =>
            $"request {r.Id} {r.PayeeAccountId}<-{r.PayerAccountId} {r.Amount} cleared={r.ClearedAmount} {r.DueDate:O} {r.Status} claim={r.TransferId} v{r.Version} closed={r.ClosedAt} reason={r.CloseReason}").ToList();
        lines.AddRange(accounts.Select(a => $"account {a.Id} bal={a.Balance} pd={a.PendingDebits} pc={a.PendingCredits} {a.Status} v{a.Version}"));
        lines.AddRange(transfers.Select(t => $"transfer {t}"));
        lines.Add($"journal {await db.Journal.CountAsync()}");
        return string.Join('\n', lines);
    });

    public Task<int> CountRequestsAsync(Guid id) => WithDbAsync(db => db.PaymentRequests.CountAsync(r => r.Id == id));
}
