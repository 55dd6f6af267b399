using System.Xml.Linq;
using NetArchTest.Rules;

namespace SolidarityMarket.ArchitectureTests;

/// <summary>
/// The server-rendered UI reads the services only through their public HTTP APIs, so it can be deployed on its own
/// (<c>--Modules=Web --Web:ApiBaseUrl=...</c>) and a service's internals can change without it: it references no
/// service and not the host, neither as an assembly, a type nor a project, and not Contracts either (messages are
/// the services' business, not the UI's). ServiceDefaults it may use (<c>IServiceModule</c>).
/// </summary>
public sealed class WebBoundaryTests
{
    private static readonly string[] Forbidden = [.. Solution.Services, Solution.Host, Solution.Contracts];

    [Fact]
    public void Web_assembly_references_no_service_host_or_contracts()
    {
        var offending = Solution.Load(Solution.Web).GetReferencedAssemblies()
            .Where(r => Forbidden.Any(f => Solution.IsUnder(r.Name!, f)))
            .Select(r => r.Name)
            .ToList();

        Assert.True(offending.Count == 0, $"{Solution.Web} references {string.Join(", ", offending)}; the UI calls the services' HTTP APIs instead.");
    }

    [Fact]
    public void Web_types_depend_on_no_service_namespace()
    {
        var result = Types.InAssembly(Solution.Load(Solution.Web)).ShouldNot().HaveDependencyOnAny(Forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"Types of {Solution.Web} depend on a service: {string.Join(", ", result.FailingTypeNames ?? [])}.");
    }

    [Fact]
    public void Web_project_declares_no_reference_to_a_service_project()
    {
        // An unused project reference leaves no trace in the assembly, but brings the service's code along.
        var project = Path.Combine(Solution.RepositoryRoot.FullName, "src", "Web", Solution.Web, Solution.Web + ".csproj");
        var references = XDocument.Load(project).Descendants()
            .Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();

        Assert.Equal([Solution.ServiceDefaults], references);
    }

    [Fact]
    public void Web_rule_does_detect_a_real_dependency()
    {
        // Guards the rules above against passing vacuously: the UI really does use ServiceDefaults' IServiceModule.
        var result = Types.InAssembly(Solution.Load(Solution.Web)).ShouldNot().HaveDependencyOn(Solution.ServiceDefaults).GetResult();

        Assert.False(result.IsSuccessful, "NetArchTest found no dependency of the UI on ServiceDefaults, so the rules would not catch one on a service either.");
    }
}
