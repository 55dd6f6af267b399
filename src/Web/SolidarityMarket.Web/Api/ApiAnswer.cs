namespace SolidarityMarket.Web.Api;

/// <summary>
/// What a page gets from an API call: the value, or why not — the API's status and its messages (the validation
/// messages of a 400, the detail of any other ProblemDetails), or 503 when the API did not answer. A page shows the
/// reason instead of an error page. <see cref="Reason"/> is the ProblemDetails' <c>reason</c> (the ledger names each
/// refusal, e.g. <c>ExceedsDebitLimit</c>), else the name at the end of its <c>type</c> (<c>idempotency-key-reused</c>,
/// <c>second-approver-required</c>), for a page that words a refusal for the person in front of it.
/// </summary>
public sealed record ApiAnswer<T>(T? Value, int Status, IReadOnlyList<string> Errors, string? Reason = null)
    where T : class
{
    public bool Ok => Value is not null;
}

public static class ApiAnswer
{
    public static ApiAnswer<T> Of<T>(T value)
        where T : class => new(value, 200, []);

    public static ApiAnswer<T> Failed<T>(int status, IReadOnlyList<string>? errors = null, string? reason = null)
        where T : class => new(null, status, errors ?? [], reason);
}
