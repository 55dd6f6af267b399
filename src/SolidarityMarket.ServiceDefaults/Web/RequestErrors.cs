namespace SolidarityMarket.ServiceDefaults.Web;

/// <summary>
/// Collects field errors of a request so that one 400 ProblemDetails names all of them at once.
/// Handlers validate before they touch the database: bad input changes nothing.
/// </summary>
public sealed class RequestErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public RequestErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            list = [];
            _errors[field] = list;
        }

        list.Add(message);
        return this;
    }

    /// <summary>Adds <paramref name="message"/> when <paramref name="condition"/> is false.</summary>
    public RequestErrors Require(bool condition, string field, string message) => condition ? this : Add(field, message);

    /// <summary>Required text with a maximum length (after trimming) that every database can store (<see cref="StorableText"/>).</summary>
    public RequestErrors Text(string? value, string field, int maxLength, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? Add(field, $"{field} is required.") : this;
        }

        Require(StorableText.IsStorable(value), field, $"{field} contains a control character (such as NUL) or a broken character that cannot be stored.");
        return Require(value.Trim().Length <= maxLength, field, $"{field} must be at most {maxLength} characters.");
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
}
