using System.Xml.Linq;
using NetArchTest.Rules;

namespace SolidarityMarket.ArchitectureTests;

/// <summary>
/// Domain projects (the ledger's money rules) are plain C#: no EF Core, MassTransit or ASP.NET Core, and no other
/// project, so the rules can be tested exhaustively and never change because infrastructure did.
/// </summary>
public sealed class DomainTests
{
    private static readonly string[] Infrastructure =
    [
        "Microsoft.AspNetCore",
        "Microsoft.EntityFrameworkCore",
        "MassTransit",
        "Hangfire",
        "Npgsql",
        "Microsoft.Data",
        "Microsoft.Extensions",
        "Stripe",
        "SolidarityMarket.ServiceDefaults",
        "SolidarityMarket.Contracts",
    ];

    public static TheoryData<string> Domains => new(Solution.DomainAssemblies);

    [Theory]
    [MemberData(nameof(Domains))]
    public void Domain_assembly_references_only_the_base_class_library(string domain)
    {
        var references = Solution.Load(domain).GetReferencedAssemblies()
            .Where(r => !Solution.IsBaseClassLibrary(r))
            .Select(r => r.Name)
            .ToList();

        Assert.True(references.Count == 0,
            $"{domain} references {string.Join(", ", references)}; a domain project is plain C# (no EF Core, MassTransit, ASP.NET Core, no other project).");
    }

    [Theory]
    [MemberData(nameof(Domains))]
    public void Domain_types_depend_on_no_infrastructure(string domain)
    {
        var result = Types.InAssembly(Solution.Load(domain)).ShouldNot().HaveDependencyOnAny(Infrastructure).GetResult();

        Assert.True(result.IsSuccessful, $"{domain} types depend on infrastructure: {string.Join(", ", result.FailingTypeNames ?? [])}.");
    }

    [Theory]
    [MemberData(nameof(Domains))]
    public void Domain_project_declares_no_package_project_or_framework_reference(string domain)
    {
        var project = Directory.EnumerateFiles(Path.Combine(Solution.RepositoryRoot.FullName, "src"), domain + ".csproj", SearchOption.AllDirectories).Single();
        var references = XDocument.Load(project).Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference" or "FrameworkReference" or "Reference")
            .Select(e => $"{e.Name.LocalName} {e.Attribute("Include")?.Value}")
            .ToList();

        Assert.True(references.Count == 0, $"{project} declares {string.Join(", ", references)}.");
    }

    [Fact]
    public void Every_domain_project_in_src_is_checked()
    {
        // A new *.Domain project (e.g. Ordering.Domain) must be added to Solution.DomainAssemblies and referenced here.
        var onDisk = Directory.EnumerateFiles(Path.Combine(Solution.RepositoryRoot.FullName, "src"), "*.Domain.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(Solution.DomainAssemblies.Order(StringComparer.Ordinal), onDisk);
    }
}
