using SolidarityMarket.Catalog.Certification;

namespace SolidarityMarket.Catalog.Tests.Certification;

/// <summary>Certificate ids increase per vendor even when the clock stands still or steps back (consumers order by them).</summary>
public sealed class CertificateIdTests
{
    [Fact]
    public void Ids_issued_at_the_same_instant_still_increase()
    {
        var now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        Guid? latest = null;
        for (var i = 0; i < 1_000; i++)
        {
            var next = CertificationRules.NextCertificateId(now, latest);
            Assert.Equal(7, next.Version);
            Assert.True(latest is null || next.CompareTo(latest.Value) > 0, $"id {i} did not increase");
            latest = next;
        }
    }

    [Fact]
    public void An_id_issued_after_the_clock_stepped_back_still_sorts_after_the_previous_one()
    {
        var now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var previous = CertificationRules.NextCertificateId(now, null);

        var next = CertificationRules.NextCertificateId(now.AddMinutes(-5), previous);

        Assert.True(next.CompareTo(previous) > 0);
    }

    [Fact]
    public void Ids_issued_later_sort_by_time()
    {
        var now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var first = CertificationRules.NextCertificateId(now, null);

        Assert.True(CertificationRules.NextCertificateId(now.AddMonths(13), first).CompareTo(first) > 0);
        Assert.True(Guid.CreateVersion7(now.AddMilliseconds(1)).CompareTo(first) > 0);
    }
}
