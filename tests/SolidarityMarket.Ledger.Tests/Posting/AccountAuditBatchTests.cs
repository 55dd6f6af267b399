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
/// The account audits through the batched SQL writer on both providers, when several changes to one account share a
/// group-commit batch: each row records its own before and after, not the batch's merged ones.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class AccountAuditBatchTests(SqlBatchWriterTests.Hosts hosts) : IClassFixture<SqlBatchWriterTests.Hosts>
{
    public static TheoryData<string> Providers => ["Sqlite", "Postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_limit_changes_to_one_account_in_one_batch_are_audited_each_with_its_own_before_and_after(string provider)
    {
        var factory = await hosts.GetAsync(provider);
        var account = await NewAccountAsync(factory, "limit audit");
        await CommitAllAsync(factory,
        [
            new(account, b => b.ChangeLimits(account, 3_000, 4_000), new AccountAudit("admin-1", "first")),
            new(account, b => b.ChangeLimits(account, 5_000, 6_000), new AccountAudit("admin-2", "second")),
        ]);

        var audit = await WithDbAsync(factory, db => db.LimitChanges.AsNoTracking().Where(c => c.AccountId == account)
            .Select(c => new { c.Reason, c.PreviousDebitLimit, c.PreviousCreditLimit, c.DebitLimit, c.CreditLimit }).ToListAsync());
        Assert.Equal(
            ["first 1000/2000 -> 3000/4000", "second 3000/4000 -> 5000/6000"],
            audit.Select(c => $"{c.Reason} {c.PreviousDebitLimit}/{c.PreviousCreditLimit} -> {c.DebitLimit}/{c.CreditLimit}").Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Three_state_changes_to_one_account_in_one_batch_are_audited_each_with_its_own_before_and_after(string provider)
    {
        var factory = await hosts.GetAsync(provider);
        var account = await NewAccountAsync(factory, "state audit");
        await CommitAllAsync(factory,
        [
            new(account, b => b.Freeze(account), new AccountAudit("admin-1", "first")),
            new(account, b => b.Freeze(account), new AccountAudit("admin-1", "replayed")),
            new(account, b => b.Unfreeze(account), new AccountAudit("admin-2", "second")),
            new(account, b => b.Close(account), new AccountAudit("admin-3", "third")),
        ]);

        var audit = await WithDbAsync(factory, db => db.AccountStatusChanges.AsNoTracking().Where(c => c.AccountId == account)
            .OrderBy(c => c.AccountVersion).ToListAsync());
        Assert.Equal(
            ["v2 Active -> Frozen by admin-1: first", "v3 Frozen -> Active by admin-2: second", "v4 Active -> Closed by admin-3: third"],
            audit.Select(c => $"v{c.AccountVersion} {c.PreviousStatus} -> {c.Status} by {c.ChangedBy}: {c.Reason}"));
        Assert.Equal(AccountStatus.Closed, (await WithDbAsync(factory, db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == account))).Status);
    }

    private static Task<Guid> NewAccountAsync(MarketplaceFactory factory, string name) =>
        OpenMemberAccountAsync(factory, name, debitLimit: 1_000, creditLimit: 2_000);

    /// <summary>Commits the works as one batch, straight through the committer, and checks that each was accepted.</summary>
    private static async Task CommitAllAsync(MarketplaceFactory factory, AccountWork[] work)
    {
        var writer = factory.Services.GetRequiredService<LedgerWriter>();
        var results = await WithDbAsync(factory, async db =>
        {
            var committer = new LedgerBatchCommitter(db, writer.Directory, factory.Services.GetRequiredService<IOptions<LedgerOptions>>());
            return await committer.CommitAsync(work, DateTimeOffset.UtcNow, CancellationToken.None);
        });
        Assert.All(results, r => Assert.True(((AccountResult)r).IsAccepted, r.ToString()));
    }
}
