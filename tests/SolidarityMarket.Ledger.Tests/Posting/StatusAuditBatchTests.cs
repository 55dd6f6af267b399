using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Posting;
using SolidarityMarket.Testing;
using static SolidarityMarket.Ledger.Tests.Posting.LedgerDbAccess;

namespace SolidarityMarket.Ledger.Tests.Posting;

/// <summary>
/// The state audit through the batched SQL writer on both providers, when three state changes to one account share a
/// group-commit batch: each row records its own before and after and the account version it produced.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class StatusAuditBatchTests(SqlBatchWriterTests.Hosts hosts) : IClassFixture<SqlBatchWriterTests.Hosts>
{
    public static TheoryData<string> Providers => ["Sqlite", "Postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Three_state_changes_to_one_account_in_one_batch_are_audited_each_with_its_own_before_and_after(string provider)
    {
        var factory = await hosts.GetAsync(provider);
        var account = await WithDbAsync(factory, async db =>
        {
            var row = new Account
            {
                Id = Guid.NewGuid(), OwnerId = Guid.NewGuid(), Kind = AccountKind.Member, ExchangeId = "food", Name = "state audit",
                DebitLimit = 1_000, CreditLimit = 2_000, Status = AccountStatus.Active, Version = 1, OpenedAt = DateTimeOffset.UtcNow,
            };
            db.Accounts.Add(row);
            await db.SaveChangesAsync();
            return row.Id;
        });
        var writer = factory.Services.GetRequiredService<LedgerWriter>();
        AccountWork[] work =
        [
            new(account, b => b.Freeze(account), new AccountAudit("admin-1", "first")),
            new(account, b => b.Freeze(account), new AccountAudit("admin-1", "replayed")),
            new(account, b => b.Unfreeze(account), new AccountAudit("admin-2", "second")),
            new(account, b => b.Close(account), new AccountAudit("admin-3", "third")),
        ];

        var results = await WithDbAsync(factory, async db =>
        {
            var committer = new LedgerBatchCommitter(db, writer.Directory, factory.Services.GetRequiredService<IOptions<LedgerOptions>>());
            return await committer.CommitAsync(work, DateTimeOffset.UtcNow, CancellationToken.None);
        });

        Assert.All(results, r => Assert.True(((AccountResult)r).IsAccepted, r.ToString()));
        var audit = await WithDbAsync(factory, db => db.AccountStatusChanges.AsNoTracking().Where(c => c.AccountId == account)
            .OrderBy(c => c.AccountVersion).ToListAsync());
        Assert.Equal(
            ["v2 Active -> Frozen by admin-1: first", "v3 Frozen -> Active by admin-2: second", "v4 Active -> Closed by admin-3: third"],
            audit.Select(c => $"v{c.AccountVersion} {c.PreviousStatus} -> {c.Status} by {c.ChangedBy}: {c.Reason}"));
        Assert.Equal(AccountStatus.Closed, (await WithDbAsync(factory, db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == account))).Status);
    }
}
