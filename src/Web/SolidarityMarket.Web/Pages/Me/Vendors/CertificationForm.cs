using SolidarityMarket.Web.Certification;

namespace SolidarityMarket.Web.Pages.Me.Vendors;

/// <summary>
/// The self-assessment as the application form carries it: per published criterion its evidence text and its links,
/// one a line, as typed. What is required and which links are acceptable the Catalog checks; its 400 messages are
/// shown above the form, which keeps what was typed.
/// </summary>
public sealed class CertificationForm
{
    public List<CriterionAnswerForm> Answers { get; set; } = [];

    /// <summary>What was typed for <paramref name="criterion"/>, or nothing yet.</summary>
    public CriterionAnswerForm For(string criterion) =>
        Answers.FirstOrDefault(a => a.Criterion == criterion) ?? new CriterionAnswerForm { Criterion = criterion };

    /// <summary>The body to send: one answer per published criterion, keyed by its field name in the API.</summary>
    public Dictionary<string, AnswerFields> Read(IEnumerable<CertificationCriterion> criteria) =>
        criteria.ToDictionary(c => Field(c.Id), c => For(c.Id).Read(), StringComparer.Ordinal);

    /// <summary>Whether the application <paramref name="sent"/> holds what this form says (the same form sent twice).</summary>
    public bool SameAs(CertificationApplication sent, IEnumerable<CertificationCriterion> criteria) =>
        criteria.All(c => sent.Answers.FirstOrDefault(a => a.Criterion == c.Id) is { } answer
            && answer.Evidence == For(c.Id).Read().Evidence && answer.Links.SequenceEqual(For(c.Id).Read().Links));

    /// <summary>"DemocraticGovernance" is the body's "democraticGovernance".</summary>
    private static string Field(string criterion) => criterion.Length == 0 ? criterion : char.ToLowerInvariant(criterion[0]) + criterion[1..];
}

/// <summary>One criterion's fields on the form.</summary>
public sealed class CriterionAnswerForm
{
    public string? Criterion { get; set; }

    public string? Evidence { get; set; }

    /// <summary>Links, one a line; empty lines are dropped.</summary>
    public string? Links { get; set; }

    public AnswerFields Read() => new(
        (Evidence ?? "").Trim(),
        (Links ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList());
}
