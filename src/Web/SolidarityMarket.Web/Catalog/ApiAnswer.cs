namespace SolidarityMarket.Web.Catalog;

/// <summary>
/// What a page gets from an API call: the value, or why not — the request was refused (<see cref="Errors"/>, the
/// API's validation messages, for a 400), the thing does not exist (404), or the API did not answer (503).
/// </summary>
public sealed record ApiAnswer<T>(T? Value, int Status, IReadOnlyList<string> Errors)
    where T : class
{
    public bool Ok => Value is not null;
}

public static class ApiAnswer
{
    public static ApiAnswer<T> Of<T>(T value)
        where T : class => new(value, 200, []);

    public static ApiAnswer<T> Failed<T>(int status, IReadOnlyList<string>? errors = null)
        where T : class => new(null, status, errors ?? []);
}
