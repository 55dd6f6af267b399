using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolidarityMarket.Ledger.Consumers;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Demo;
using SolidarityMarket.Ledger.Exchanges;
using SolidarityMarket.Ledger.Features;
using SolidarityMarket.Ledger.Jobs;
using SolidarityMarket.Ledger.Posting;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Demo;
using SolidarityMarket.ServiceDefaults.Hosting;
using SolidarityMarket.ServiceDefaults.Jobs;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Ledger;

/// <summary>The barter ledger: mutual-credit accounts, transfers, holds, journal.</summary>
public sealed class LedgerModule : IServiceModule
{
    public string Name => "Ledger";

    public void Add(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LedgerOptions>().BindConfiguration("Ledger");
        builder.AddServiceDatabase<LedgerDbContext, LedgerSqliteDbContext, LedgerPostgresDbContext, LedgerSqlServerDbContext>("Ledger");
        builder.Services.AddSingleton<IStartupTask, SetUpExchanges>();
        builder.Services.AddSingleton<IStartupTask, ScheduleLedgerJobs>();
        if (builder.IsDemo())
        {
            builder.Services.AddSingleton<IStartupTask, SeedLedgerDemo>();
        }

        builder.Services.AddSingleton<LedgerDirectory>();
        builder.Services.AddSingleton<LedgerWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LedgerWriter>());
        builder.Services.AddScoped<LedgerBatchCommitter>();
        builder.Services.AddScoped<LedgerAccess>();
        builder.Services.AddScoped<ExpireHolds>();
        builder.Messaging()
            .AddConsumer<OpenVendorAccount>("ledger", "vendor-registered")
            .AddConsumer<FollowVendorStaff>("ledger", "vendor-staff-changed")
            .AddConsumer<HoldCreditsConsumer>("ledger", "hold-credits")
            .AddConsumer<PostHoldConsumer>("ledger", "post-hold")
            .AddConsumer<VoidHoldConsumer>("ledger", "void-hold");
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/ledger").WithTags("Ledger").RequireAuthorization();
        ListExchanges.Map(group);
        OpenAccount.Map(group);
        GetAccount.Map(group);
        ListAccounts.Map(group);
        SearchAccounts.Map(group);
        AccountStatement.Map(group);
        ChangeAccount.Map(group);
        AccountStatusHistory.Map(group);
        SubmitTransfer.Map(group);
        GetTransfer.Map(group);
        SettleHold.Map(group);
        ReverseTransfer.Map(group);
        VerifyLedger.Map(group);
        PaymentRequestsCreate.Map(group);
        PaymentRequestsList.Map(group);
        PaymentRequestsGet.Map(group);
        PaymentRequestsAccept.Map(group);
        PaymentRequestsPay.Map(group);
        PaymentRequestsDecline.Map(group);
        PaymentRequestsCancel.Map(group);
        PaymentRequestsObligations.Map(group);
        ClearingRunsPreview.Map(group);
        ClearingRunsList.Map(group);
        ClearingRunsGet.Map(group);
        ClearingRunsApprove.Map(group);
        ClearingRunsAbandon.Map(group);
        ClearingRunsPost.Map(group);
        ExchangePositions.Map(group);
        SettlementRunsPreview.Map(group);
        SettlementRunsList.Map(group);
        SettlementRunsGet.Map(group);
        SettlementRunsApprove.Map(group);
        SettlementRunsAbandon.Map(group);
        SettlementRunsPost.Map(group);
        PeriodClosesPreview.Map(group);
        PeriodClosesList.Map(group);
        PeriodClosesGet.Map(group);
        PeriodClosesApprove.Map(group);
        PeriodClosesAbandon.Map(group);
        PeriodClosesPost.Map(group);
        ExportLedger.Map(group);
    }

    /// <summary>Hold expiry every minute on the ledger's own Hangfire queue.</summary>
    private sealed class ScheduleLedgerJobs : IStartupTask
    {
        public int Order => 50;

        public Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            RecurringJobRegistration.Register(services, "Ledger", jobs => jobs.AddOrUpdate<ExpireHolds>(
                ExpireHolds.JobId, "ledger", job => job.RunAsync(CancellationToken.None), Cron.Minutely()));
            return Task.CompletedTask;
        }
    }
}
