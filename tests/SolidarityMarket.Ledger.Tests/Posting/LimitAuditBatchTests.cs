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
/// The limit audit when two limit changes to one account share a group-commit batch: each row records its own change,
/// not the batch's merged before and after.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class LimitAuditBatchTests(SqlBatchWriterTests.Hosts hosts) : IClassFixture<SqlBatchWriterTests.Hosts>
{
    public static TheoryData<string> Providers => ["Sqlite", "Postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_limit_changes_to_one_account_in_one_batch_are_audited_each_with_its_own_before_and_after(string provider)
    {
        var factory = await hosts.GetAsync(provider);
        var account = await WithDbAsync(factory, async db =>
        {
            var row = new Account
            {
                Id = Guid.NewGuid(), OwnerId = Guid.NewGuid(), Kind = AccountKind.Member, ExchangeId = "food", Name = "limit audit",
                DebitLimit = 1_000, CreditLimit = 2_000, Status = AccountStatus.Active, Version = 1, OpenedAt = DateTimeOffset.UtcNow,
            };
            db.Accounts.Add(row);
            await db.SaveChangesAsync();
            return row.Id;
        });
        var writer = factory.Services.GetRequiredService<LedgerWriter>();
        var first = new AccountWork(account, b => b.ChangeLimits(account, 3_000, 4_000), new AccountAudit("admin-1", "first"));
        var second = new AccountWork(account, b => b.ChangeLimits(account, 5_000, 6_000), new AccountAudit("admin-2", "second"));

        var results = await WithDbAsync(factory, async db =>
        {
            var committer = new LedgerBatchCommitter(db, writer.Directory, factory.Services.GetRequiredService<IOptions<LedgerOptions>>());
            return await committer.CommitAsync([first, second], DateTimeOffset.UtcNow, CancellationToken.None);
        });

        Assert.All(results, r => Assert.True(((AccountResult)r).IsAccepted, r.ToString()));
        var audit = await WithDbAsync(factory, db => db.LimitChanges.AsNoTracking().Where(c => c.AccountId == account)
            .Select(c => new { c.Reason, c.PreviousDebitLimit, c.PreviousCreditLimit, c.DebitLimit, c.CreditLimit }).ToListAsync());
        Assert.Equal(
            ["first 1000/2000 -> 3000/4000", "second 3000/4000 -> 5000/6000"],
            audit.Select(c => $"{c.Reason} {c.PreviousDebitLimit}/{c.PreviousCreditLimit} -> {c.DebitLimit}/{c.CreditLimit}").Order(StringComparer.Ordinal));
    }
}
