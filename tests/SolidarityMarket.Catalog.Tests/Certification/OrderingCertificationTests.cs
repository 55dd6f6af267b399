using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Catalog.Features.Certification;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.Ordering.Consumers;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Certification;

/// <summary>
/// The certification events travel from Catalog's outbox to Ordering's copy of the vendor, which decides whether it
/// may take card payments — and Ordering ends in the right state whatever order the events arrive in.
/// </summary>
public sealed class OrderingCertificationTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Approving_makes_Ordering_see_the_vendor_certified_and_revoking_makes_it_not()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (admin, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var vendor = await staff.RegisterVendorAsync("Flow Co-op");
        await Eventually.TrueAsync(async () => await staff.OrderingSaysCertifiedAsync(vendor.Id) == false, Timeout, "Ordering's copy of the new vendor");

        var certificate = await admin.ApproveOkAsync((await staff.ApplyOkAsync(vendor.Id)).Id);
        await Eventually.TrueAsync(async () => await staff.OrderingSaysCertifiedAsync(vendor.Id) == true, Timeout, "Ordering to see the certificate");
        var copy = await host.WithOrderingAsync(db => db.Vendors.AsNoTracking().SingleAsync(v => v.VendorId == vendor.Id));
        Assert.Equal((certificate.Id, certificate.ValidUntil), (copy.CertificateId, copy.CertifiedUntil));

        await OkAsync<CertificateDto>(await admin.RevokeAsync(vendor.Id, "Governance no longer democratic."));
        await Eventually.TrueAsync(async () => await staff.OrderingSaysCertifiedAsync(vendor.Id) == false, Timeout, "Ordering to see the revocation");
    }

    [Fact]
    public async Task A_revocation_that_overtakes_its_certification_is_not_undone_by_it()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync("Overtaken Co-op");
        var now = host.Clock.GetUtcNow();
        var certificate = Guid.CreateVersion7(now);

        await PublishThroughCatalogAsync(new VendorCertificationRevoked(vendor.Id, certificate, "revoked", now), "ordering.copy-vendor-certification-revoked", certificate);
        await PublishThroughCatalogAsync(new VendorCertified(vendor.Id, certificate, now.AddMonths(12), now), "ordering.copy-vendor-certified", certificate);

        Assert.False(await staff.OrderingSaysCertifiedAsync(vendor.Id));
        var copy = await host.WithOrderingAsync(db => db.Vendors.AsNoTracking().SingleAsync(v => v.VendorId == vendor.Id));
        Assert.Equal((certificate, false, "Overtaken Co-op"), (copy.CertificateId, copy.Certified, copy.Name));
    }

    [Fact]
    public async Task A_late_end_or_certification_of_an_older_certificate_leaves_the_newer_one_alone()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync("Renewed Co-op");
        var now = host.Clock.GetUtcNow();
        var older = Guid.CreateVersion7(now.AddYears(-1));
        var newer = Guid.CreateVersion7(now);

        await PublishThroughCatalogAsync(new VendorCertified(vendor.Id, newer, now.AddMonths(12), now), "ordering.copy-vendor-certified", newer);
        await PublishThroughCatalogAsync(new VendorCertificationExpired(vendor.Id, older, now.AddDays(-1)), "ordering.copy-vendor-certification-expired", older);
        await PublishThroughCatalogAsync(new VendorCertified(vendor.Id, older, now.AddDays(-1), now.AddYears(-1)), "ordering.copy-vendor-certified", older);

        Assert.True(await staff.OrderingSaysCertifiedAsync(vendor.Id));
        var copy = await host.WithOrderingAsync(db => db.Vendors.AsNoTracking().SingleAsync(v => v.VendorId == vendor.Id));
        Assert.Equal((newer, now.AddMonths(12)), (copy.CertificateId, copy.CertifiedUntil));
    }

    /// <summary>Writes the event to Catalog's outbox (as Catalog does) and waits until Ordering's consumer has applied it.</summary>
    private async Task PublishThroughCatalogAsync<T>(T message, string consumer, Guid certificateId)
        where T : class
    {
        var now = host.Clock.GetUtcNow();
        var messageId = await host.WithCatalogAsync(async db =>
        {
            db.Publish(message, now);
            await db.SaveChangesAsync();
            return db.ChangeTracker.Entries<ServiceDefaults.Messaging.OutboxMessage>().Single(e => e.Entity.Body.Contains(certificateId.ToString(), StringComparison.Ordinal)).Entity.Id;
        });
        await Eventually.TrueAsync(
            () => host.WithOrderingAsync(db => db.InboxMessages.AsNoTracking().AnyAsync(m => m.MessageId == messageId && m.Consumer == consumer)),
            Timeout, $"{consumer} to apply {typeof(T).Name}");
    }
}

/// <summary>
/// The rule Ordering's consumers apply, checked over every arrival order of a vendor's certification history
/// (with duplicates): the final state only depends on what happened, never on the order it is heard of.
/// </summary>
public sealed class VendorCertificationCopyTests
{
    private abstract record Event(Guid Certificate);

    private sealed record Certified(Guid Certificate, DateTimeOffset ValidUntil) : Event(Certificate);

    private sealed record Ended(Guid Certificate) : Event(Certificate);

    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid C1 = Guid.CreateVersion7(T0);
    private static readonly Guid C2 = Guid.CreateVersion7(T0.AddMonths(13));
    private static readonly Guid C3 = Guid.CreateVersion7(T0.AddMonths(14));

    public static TheoryData<string> Histories => new(["certified", "certified-revoked", "renewed", "renewed-revoked", "three"]);

    private static (Event[] Events, Guid Certificate, bool Certified, DateTimeOffset? Until) History(string name) => name switch
    {
        "certified" => ([new Certified(C1, T0.AddMonths(12))], C1, true, T0.AddMonths(12)),
        "certified-revoked" => ([new Certified(C1, T0.AddMonths(12)), new Ended(C1)], C1, false, null),
        "renewed" => ([new Certified(C1, T0.AddMonths(12)), new Ended(C1), new Certified(C2, T0.AddMonths(25))], C2, true, T0.AddMonths(25)),
        "renewed-revoked" => ([new Certified(C1, T0.AddMonths(12)), new Ended(C1), new Certified(C2, T0.AddMonths(25)), new Ended(C2)], C2, false, null),
        _ => ([new Certified(C1, T0.AddMonths(12)), new Ended(C1), new Certified(C2, T0.AddMonths(25)), new Ended(C2), new Certified(C3, T0.AddMonths(26))], C3, true, T0.AddMonths(26)),
    };

    [Theory]
    [MemberData(nameof(Histories))]
    public void Every_arrival_order_with_duplicates_ends_in_the_same_state(string name)
    {
        var (events, certificate, certified, until) = History(name);
        var orders = 0;
        foreach (var order in Permutations(events.Concat(events.Take(1)).ToList()))
        {
            var copy = new VendorCopy();
            foreach (var e in order)
            {
                _ = e switch
                {
                    Certified c => VendorCertificationCopy.ApplyCertified(copy, c.Certificate, c.ValidUntil),
                    _ => VendorCertificationCopy.ApplyEnded(copy, e.Certificate),
                };
            }

            Assert.Equal(certificate, copy.CertificateId);
            Assert.Equal(certified, copy.Certified);
            if (certified)
            {
                Assert.Equal(until, copy.CertifiedUntil);
            }

            orders++;
        }

        Assert.True(orders >= 2);
    }

    [Fact]
    public void Applying_the_same_event_twice_reports_no_second_change()
    {
        var copy = new VendorCopy();
        Assert.True(VendorCertificationCopy.ApplyCertified(copy, C1, T0.AddMonths(12)));
        Assert.False(VendorCertificationCopy.ApplyCertified(copy, C1, T0.AddMonths(12)));
        Assert.True(VendorCertificationCopy.ApplyEnded(copy, C1));
        Assert.False(VendorCertificationCopy.ApplyEnded(copy, C1));
        Assert.False(VendorCertificationCopy.ApplyCertified(copy, C1, T0.AddMonths(12)));
    }

    private static IEnumerable<List<Event>> Permutations(List<Event> items)
    {
        if (items.Count <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var rest = items.Where((_, j) => j != i).ToList();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }
}
