using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using SolidarityMarket.ServiceDefaults.Data;

namespace SolidarityMarket.MigrationTests;

/// <summary>
/// SQL Server cannot run here, so its migrations are checked as text: the idempotent script EF generates parses
/// as T-SQL (SQL Server 2022 grammar), and the scripts committed under deploy/sqlserver/ are exactly that script.
/// </summary>
public sealed class SqlServerScriptTests
{
    private const string Regenerate = "Run scripts/regenerate-migrations.sh (it rewrites deploy/sqlserver/*.sql) and commit the result.";

    public static TheoryData<string> Families => ContextFamily.Names;

    [Theory]
    [MemberData(nameof(Families))]
    public void Generated_idempotent_script_parses_as_tsql(string name)
    {
        var script = GenerateScript(ContextFamily.Named(name));

        Assert.Contains("CREATE TABLE", script, StringComparison.Ordinal);
        AssertParses(script, $"generated {name} script");
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Committed_script_parses_as_tsql(string name)
    {
        var path = CommittedScript(ContextFamily.Named(name));

        AssertParses(File.ReadAllText(path), Path.GetRelativePath(RepositoryRoot.FullName, path));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Committed_script_is_up_to_date_with_the_migrations(string name)
    {
        var family = ContextFamily.Named(name);
        var path = CommittedScript(family);
        var committed = Normalize(File.ReadAllText(path));
        var generated = Normalize(GenerateScript(family));

        if (committed != generated)
        {
            var committedLines = committed.Split('\n');
            var generatedLines = generated.Split('\n');
            var line = Enumerable.Range(0, Math.Max(committedLines.Length, generatedLines.Length))
                .First(i => i >= committedLines.Length || i >= generatedLines.Length || committedLines[i] != generatedLines[i]);
            Assert.Fail(
                $"{Path.GetRelativePath(RepositoryRoot.FullName, path)} is out of date with the {name} SQL Server migrations " +
                $"(committed {committedLines.Length} lines, generated {generatedLines.Length}; first difference at line {line + 1}: " +
                $"committed '{At(committedLines, line)}', generated '{At(generatedLines, line)}'). {Regenerate}");
        }
    }

    [Fact]
    public void Every_committed_script_belongs_to_a_context_family()
    {
        var expected = ContextFamily.All.Select(f => f.SqlServerScriptName).Order(StringComparer.Ordinal);
        var committed = Directory.EnumerateFiles(ScriptsFolder, "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(expected, committed);
    }

    [Fact]
    public void Parser_rejects_invalid_tsql()
    {
        // Guards the parse tests against passing vacuously.
        var errors = Parse("CREATE TABLE [x].[y] ([Id] int NOT NULL,\nGO\nSELEC 1;");

        Assert.NotEmpty(errors);
    }

    private static DirectoryInfo RepositoryRoot { get; } = FindRoot();

    private static string ScriptsFolder => Path.Combine(RepositoryRoot.FullName, "deploy", "sqlserver");

    private static string CommittedScript(ContextFamily family)
    {
        var path = Path.Combine(ScriptsFolder, family.SqlServerScriptName);
        Assert.True(File.Exists(path), $"{path} does not exist. {Regenerate}");
        return path;
    }

    /// <summary>What <c>dotnet ef migrations script --idempotent</c> writes, from a context that never connects.</summary>
    private static string GenerateScript(ContextFamily family)
    {
        using var db = family.OpenDesignTime(DatabaseProvider.SqlServer);
        return db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
    }

    private static void AssertParses(string script, string what)
    {
        var errors = Parse(script);
        Assert.True(errors.Count == 0,
            $"{what} does not parse as T-SQL ({errors.Count} errors):{Environment.NewLine}" +
            string.Join(Environment.NewLine, errors.Select(e => $"  line {e.Line}, column {e.Column}: {e.Message}")));
    }

    /// <summary>Parses a whole script; the parser splits batches on <c>GO</c> itself, as sqlcmd does.</summary>
    private static IList<ParseError> Parse(string script)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        var fragment = parser.Parse(reader, out var errors);
        if (errors.Count == 0)
        {
            Assert.IsType<TSqlScript>(fragment);
        }

        return errors;
    }

    /// <summary>Ignores the byte-order mark, line endings and whitespace at both ends.</summary>
    private static string Normalize(string script) =>
        script.TrimStart('\uFEFF').ReplaceLineEndings("\n").Trim();

    private static string At(string[] lines, int index) => index < lines.Length ? lines[index].Trim() : "<end of file>";

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
