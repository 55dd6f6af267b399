using System.Reflection;
using System.Runtime.CompilerServices;
using System.Xml.Linq;

namespace SolidarityMarket.ArchitectureTests;

/// <summary>
/// Contracts are the only code services share, so they stay tiny: message records of plain values, no
/// dependencies, and money only as <c>long</c> minor units.
/// </summary>
public sealed class ContractsTests
{
    private static readonly Assembly Contracts = Solution.Load(Solution.Contracts);

    private static readonly HashSet<Type> Primitives =
    [
        typeof(Guid), typeof(string), typeof(bool), typeof(DateTimeOffset),
        typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong),
    ];

    private static readonly HashSet<Type> FloatingPoint = [typeof(decimal), typeof(double), typeof(float), typeof(Half)];

    private static IEnumerable<Type> MessageTypes() =>
        Contracts.GetTypes().Where(t => !t.IsEnum && !t.IsDefined(typeof(CompilerGeneratedAttribute)) && !t.IsNested);

    [Fact]
    public void Contracts_assembly_references_only_the_base_class_library()
    {
        var references = Contracts.GetReferencedAssemblies().Where(r => !Solution.IsBaseClassLibrary(r)).Select(r => r.FullName).ToList();

        Assert.True(references.Count == 0, $"Contracts references {string.Join(", ", references)}; it must depend on nothing but the BCL.");
    }

    [Fact]
    public void Contracts_project_declares_no_package_project_or_framework_reference()
    {
        // An unused reference leaves no trace in the assembly, but every consumer still inherits it.
        var project = Path.Combine(Solution.RepositoryRoot.FullName, "src", Solution.Contracts, Solution.Contracts + ".csproj");
        var references = XDocument.Load(project).Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference" or "FrameworkReference" or "Reference")
            .Select(e => $"{e.Name.LocalName} {e.Attribute("Include")?.Value}")
            .ToList();

        Assert.True(references.Count == 0, $"{project} declares {string.Join(", ", references)}.");
    }

    [Fact]
    public void Contracts_contains_messages()
    {
        Assert.NotEmpty(MessageTypes());
    }

    [Fact]
    public void Every_message_is_a_record_inside_a_contracts_namespace()
    {
        var problems = new List<string>();
        foreach (var type in MessageTypes())
        {
            if (type.Namespace is null || !Solution.IsUnder(type.Namespace, Solution.Contracts))
            {
                problems.Add($"{type.FullName} is not in a {Solution.Contracts}.* namespace (MassTransit needs a namespace).");
            }

            if (!IsRecord(type))
            {
                problems.Add($"{type.FullName} is not a record class.");
            }

            if (!type.IsPublic)
            {
                problems.Add($"{type.FullName} is not public.");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_message_carries_only_ids_and_plain_values()
    {
        var problems = new List<string>();
        foreach (var type in MessageTypes())
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!IsAllowedValue(property.PropertyType))
                {
                    problems.Add($"{type.FullName}.{property.Name} is {property.PropertyType}: messages carry Guid, string, integers, bool, DateTimeOffset, enums, arrays/IReadOnlyList of those, or other Contracts records.");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void No_decimal_double_or_float_anywhere_in_contracts()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var problems = new List<string>();
        foreach (var type in Contracts.GetTypes())
        {
            var used = type.GetFields(all).Select(f => (f.Name, f.FieldType))
                .Concat(type.GetProperties(all).Select(p => (p.Name, p.PropertyType)))
                .Concat(type.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => (m.Name + "(" + p.Name + ")", p.ParameterType)).Append((m.Name, m.ReturnType))))
                .Concat(type.GetConstructors(all).SelectMany(c => c.GetParameters().Select(p => (".ctor(" + p.Name + ")", p.ParameterType))));
            if (type.IsEnum)
            {
                used = used.Append(("underlying", Enum.GetUnderlyingType(type)));
            }

            problems.AddRange(used.Where(u => MentionsFloatingPoint(u.Item2)).Select(u => $"{type.FullName}.{u.Item1}: {u.Item2}"));
        }

        Assert.True(problems.Count == 0, "Money is long minor units, never decimal/double/float: " + string.Join(Environment.NewLine, problems));
    }

    private static bool IsRecord(Type type) =>
        type.IsClass
        && type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null
        && type.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly) is not null;

    private static bool IsAllowedValue(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return IsAllowedValue(underlying);
        }

        if (Primitives.Contains(type) || type.IsEnum)
        {
            return true;
        }

        if (type.IsArray)
        {
            return type.GetArrayRank() == 1 && IsAllowedValue(type.GetElementType()!);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            return IsAllowedValue(type.GetGenericArguments()[0]);
        }

        return type.Assembly == Contracts && IsRecord(type);
    }

    private static bool MentionsFloatingPoint(Type type)
    {
        if (type.HasElementType)
        {
            return MentionsFloatingPoint(type.GetElementType()!);
        }

        return FloatingPoint.Contains(type) || (type.IsGenericType && type.GetGenericArguments().Any(MentionsFloatingPoint));
    }
}
