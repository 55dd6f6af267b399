using NetArchTest.Rules;

namespace SolidarityMarket.ArchitectureTests;

/// <summary>
/// Nothing in one service references another service: not its assembly, not a type in its namespace. Services
/// share only Contracts (messages) and ServiceDefaults (cross-cutting code).
/// </summary>
public sealed class ServiceBoundaryTests
{
    public static TheoryData<string> Services => new(Solution.Services);

    [Theory]
    [MemberData(nameof(Services))]
    public void Service_assembly_references_no_other_service_assembly(string service)
    {
        var others = Solution.Services.Where(s => s != service).Append(Solution.Host).Append(Solution.Web).ToList();
        var offending = Solution.Load(service).GetReferencedAssemblies()
            .Where(r => others.Any(o => Solution.IsUnder(r.Name!, o)))
            .Select(r => r.Name)
            .ToList();

        Assert.True(offending.Count == 0,
            $"{service} references {string.Join(", ", offending)}. Services talk through Contracts messages (or HTTP), never through each other's code.");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Service_types_depend_on_no_other_service_namespace(string service)
    {
        var others = Solution.Services.Where(s => s != service).Append(Solution.Host).Append(Solution.Web).ToArray();
        var result = Types.InAssembly(Solution.Load(service)).ShouldNot().HaveDependencyOnAny(others).GetResult();

        Assert.True(result.IsSuccessful,
            $"Types of {service} depend on {string.Join(" or ", others)}: {string.Join(", ", result.FailingTypeNames ?? [])}.");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Service_assemblies_on_disk_reference_no_other_service(string service)
    {
        // Every assembly a service owns (SolidarityMarket.Ledger, SolidarityMarket.Ledger.Domain, ...) that the
        // test run can see, so a future SolidarityMarket.Ordering.Domain is covered without editing this test.
        var owned = Directory.EnumerateFiles(AppContext.BaseDirectory, service + "*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => Solution.IsUnder(name!, service))
            .ToList();
        Assert.Contains(service, owned);

        var others = Solution.Services.Where(s => s != service).ToList();
        var offending = owned
            .SelectMany(name => Solution.Load(name!).GetReferencedAssemblies().Select(r => (name, reference: r.Name!)))
            .Where(x => others.Any(o => Solution.IsUnder(x.reference, o)))
            .Select(x => $"{x.name} -> {x.reference}")
            .ToList();

        Assert.True(offending.Count == 0, $"Cross-service references: {string.Join(", ", offending)}.");
    }

    [Fact]
    public void Service_defaults_reference_no_service()
    {
        var assembly = Solution.Load(Solution.ServiceDefaults);
        var forbidden = Solution.Services.Append(Solution.Host).Append(Solution.Web).ToArray();

        var references = assembly.GetReferencedAssemblies()
            .Where(r => forbidden.Any(f => Solution.IsUnder(r.Name!, f)))
            .Select(r => r.Name)
            .ToList();
        Assert.True(references.Count == 0, $"ServiceDefaults references {string.Join(", ", references)}; it must hold no business code.");

        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        Assert.True(result.IsSuccessful, $"ServiceDefaults types depend on a service: {string.Join(", ", result.FailingTypeNames ?? [])}.");
    }

    [Fact]
    public void Every_service_the_host_runs_is_covered_by_these_rules()
    {
        // The host composes the services; an assembly it references that is neither shared code, a known service nor
        // the UI (whose own rules are WebBoundaryTests) is a new service (or UI) the boundary rules do not check yet.
        var known = new[] { Solution.Contracts, Solution.ServiceDefaults, Solution.Web };
        var unknown = Solution.Load(Solution.Host).GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(n => n.StartsWith("SolidarityMarket.", StringComparison.Ordinal))
            .Where(n => !known.Contains(n) && !Solution.Services.Any(s => Solution.IsUnder(n, s)))
            .ToList();

        Assert.True(unknown.Count == 0,
            $"The host references {string.Join(", ", unknown)}, which the architecture tests do not know: add it to Solution.Services (or to the known list) in tests/SolidarityMarket.ArchitectureTests/Solution.cs.");
    }

    [Fact]
    public void Dependency_rule_does_detect_a_real_dependency()
    {
        // Guards the rules above against passing vacuously: the host really does use Catalog's types.
        var result = Types.InAssembly(Solution.Load(Solution.Host)).ShouldNot().HaveDependencyOn("SolidarityMarket.Catalog").GetResult();

        Assert.False(result.IsSuccessful, "NetArchTest found no dependency of the host on Catalog, so the boundary rules would not catch one either.");
    }
}
