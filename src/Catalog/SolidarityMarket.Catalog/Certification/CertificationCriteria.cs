using SolidarityMarket.Catalog.Data;

namespace SolidarityMarket.Catalog.Certification;

/// <summary>The published "Solidarity Made" criteria: what each self-assessment answer has to show.</summary>
public static class CertificationCriteria
{
    public sealed record Criterion(CertificationCriterion Id, string Title, string Question);

    public static readonly IReadOnlyList<Criterion> All =
    [
        new(CertificationCriterion.DemocraticGovernance, "Democratic governance",
            "How do members or workers take the organization's decisions (one member, one vote; assemblies; elected boards)?"),
        new(CertificationCriterion.WorkerOwnershipOrControl, "Worker ownership or control",
            "Who owns or controls the organization, and what share of the workers are members or have a say in its control?"),
        new(CertificationCriterion.FairPayRatio, "Fair pay ratio",
            "What is the ratio between the highest and the lowest pay, and how is pay set?"),
        new(CertificationCriterion.EnvironmentalPractice, "Environmental practice",
            "What does the organization do to reduce its environmental impact (materials, energy, waste, transport)?"),
        new(CertificationCriterion.CommunityBenefit, "Community benefit",
            "How does the organization benefit its community (local employment, reinvested surplus, services, solidarity)?"),
    ];
}
