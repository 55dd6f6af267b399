using System.Reflection;

namespace SolidarityMarket.ArchitectureTests;

/// <summary>The assemblies of the solution the rules talk about, and where its sources are.</summary>
internal static class Solution
{
    public const string Contracts = "SolidarityMarket.Contracts";
    public const string ServiceDefaults = "SolidarityMarket.ServiceDefaults";
    public const string Host = "SolidarityMarket.Host";

    /// <summary>The server-rendered UI: reads the services over their HTTP APIs only, so it references none of them.</summary>
    public const string Web = "SolidarityMarket.Web";

    /// <summary>
    /// Each service, by its root namespace (which is also the prefix of every assembly it owns:
    /// <c>SolidarityMarket.Ledger</c>, <c>SolidarityMarket.Ledger.Domain</c>, ...).
    /// </summary>
    public static readonly IReadOnlyList<string> Services =
    [
        "SolidarityMarket.Catalog",
        "SolidarityMarket.Ordering",
        "SolidarityMarket.Ledger",
    ];

    /// <summary>Pure domain projects: plain C#, no infrastructure, no other project.</summary>
    public static readonly IReadOnlyList<string> DomainAssemblies =
    [
        "SolidarityMarket.Ledger.Domain",
    ];

    public static Assembly Load(string name) => Assembly.Load(new AssemblyName(name));

    /// <summary>True when <paramref name="name"/> is <paramref name="root"/> itself or an assembly/namespace below it.</summary>
    public static bool IsUnder(string name, string root) =>
        name.Equals(root, StringComparison.Ordinal) || name.StartsWith(root + ".", StringComparison.Ordinal);

    /// <summary>Assemblies of the .NET base class library (what a project with no references at all links to).</summary>
    public static bool IsBaseClassLibrary(AssemblyName reference) =>
        reference.Name is "mscorlib" or "netstandard" or "System" || reference.Name!.StartsWith("System.", StringComparison.Ordinal);

    /// <summary>The folder holding SolidarityMarket.sln, found by walking up from the test's output folder.</summary>
    public static DirectoryInfo RepositoryRoot { get; } = FindRoot();

    private static DirectoryInfo FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SolidarityMarket.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException($"No SolidarityMarket.sln above {AppContext.BaseDirectory}.");
    }
}
