using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolidarityMarket.Catalog.Consumers;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Demo;
using SolidarityMarket.Catalog.Features;
using SolidarityMarket.Catalog.Features.Certification;
using SolidarityMarket.Catalog.Features.Directory;
using SolidarityMarket.Catalog.Features.Listings;
using SolidarityMarket.Catalog.Features.Staff;
using SolidarityMarket.Catalog.Jobs;
using SolidarityMarket.Catalog.Mapping;
using SolidarityMarket.ServiceDefaults.Data;
using SolidarityMarket.ServiceDefaults.Demo;
using SolidarityMarket.ServiceDefaults.Hosting;
using SolidarityMarket.ServiceDefaults.Jobs;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Catalog;

/// <summary>Catalog: vendors, certification, listings, stock and search.</summary>
public sealed class CatalogModule : IServiceModule
{
    public string Name => "Catalog";

    public void Add(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CatalogOptions>().BindConfiguration("Catalog");
        builder.AddServiceDatabase<CatalogDbContext, CatalogSqliteDbContext, CatalogPostgresDbContext, CatalogSqlServerDbContext>("Catalog");
        builder.Services.AddScoped<CertificationAccess>();
        builder.Services.AddScoped<ListingAccess>();
        builder.Services.AddAutoMapper(cfg => cfg.AddProfile<CatalogMappingProfile>());
        builder.Messaging()
            .AddConsumer<ReserveStockConsumer>("catalog", ReserveStockConsumer.QueueName)
            .AddConsumer<ReleaseStockConsumer>("catalog", ReleaseStockConsumer.QueueName)
            .AddConsumer<RecordVendorPaymentAccount>("catalog", RecordVendorPaymentAccount.QueueName);
        builder.Services.AddScoped<CertificationExpiry>();
        builder.Services.AddSingleton<IStartupTask, ScheduleCatalogJobs>();
        if (builder.IsDemo())
        {
            builder.Services.AddSingleton<IStartupTask, SeedCatalogDemo>();
        }
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/catalog").WithTags("Catalog").RequireAuthorization();
        RegisterVendor.Map(group);
        GetVendor.Map(group);
        ListMyVendors.Map(group);
        UpdateVendorProfile.Map(group);
        GetVendorStaff.Map(group);
        ChangeVendorStaff.Map(group);
        GetDirectoryGeoJson.Map(group);
        GetDirectoryCsv.Map(group);
        SearchListings.Map(group);
        CreateListing.Map(group);
        UpdateListing.Map(group);
        PublishListing.Map(group);
        ArchiveListing.Map(group);
        GetListing.Map(group);
        ListVendorListings.Map(group);

        ListCertificationCriteria.Map(group);
        ApplyForCertification.Map(group);
        WithdrawCertificationApplication.Map(group);
        GetCertificationApplication.Map(group);
        ListCertificationApplications.Map(group);
        ApproveCertificationApplication.Map(group);
        RejectCertificationApplication.Map(group);
        RevokeCertification.Map(group);
        GetCertificationAudit.Map(group);
        GetCertificationLabel.Map(group);
    }

    /// <summary>
    /// The certification reminder/expiry job, hourly on the catalog's own Hangfire queue (ADR 0005). Daily at 00:00
    /// UTC let an expiry be published up to 24 hours late; its queries read the (Status, ValidUntil) index and touch
    /// only certificates that are due, so an hourly run costs two index range reads when nothing is.
    /// </summary>
    private sealed class ScheduleCatalogJobs : IStartupTask
    {
        public int Order => 50;

        public Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            RecurringJobRegistration.Register(services, "Catalog", jobs => jobs.AddOrUpdate<CertificationExpiry>(
                CertificationExpiry.JobId, JobsSetup.QueueName("Catalog"), job => job.RunAsync(CancellationToken.None), Cron.Hourly()));
            return Task.CompletedTask;
        }
    }
}
