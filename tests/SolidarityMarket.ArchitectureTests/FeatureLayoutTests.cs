using System.Text.RegularExpressions;

namespace SolidarityMarket.ArchitectureTests;

/// <summary>One use case, one file under <c>Features/</c>: a file declares at most one public static class, named after the file.</summary>
public sealed partial class FeatureLayoutTests
{
    [GeneratedRegex(@"^public\s+static\s+(?:partial\s+)?class\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex TopLevelStaticClass();

    public static TheoryData<string> Services => new(Solution.Services);

    [Theory]
    [MemberData(nameof(Services))]
    public void Feature_files_hold_one_use_case_each(string service)
    {
        var folder = Directory.EnumerateDirectories(Path.Combine(Solution.RepositoryRoot.FullName, "src"), service, SearchOption.AllDirectories).Single();
        var features = Path.Combine(folder, "Features");
        Assert.True(Directory.Exists(features), $"{service} has no Features/ folder.");

        var problems = new List<string>();
        foreach (var file in Directory.EnumerateFiles(features, "*.cs", SearchOption.AllDirectories))
        {
            // File-scoped namespaces (enforced by .editorconfig) put every top-level type at column 0.
            var classes = TopLevelStaticClass().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value).ToList();
            var name = Path.GetFileNameWithoutExtension(file);
            if (classes.Count > 1)
            {
                problems.Add($"{Path.GetRelativePath(Solution.RepositoryRoot.FullName, file)} declares {classes.Count} use cases ({string.Join(", ", classes)}).");
            }
            else if (classes.Count == 1 && classes[0] != name)
            {
                problems.Add($"{Path.GetRelativePath(Solution.RepositoryRoot.FullName, file)} declares use case {classes[0]}; name the file after it.");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
