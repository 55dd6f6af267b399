using Microsoft.Extensions.Logging;
using SolidarityMarket.Web.Api;
using SolidarityMarket.Web.Members;
using static SolidarityMarket.Web.Members.MemberApi;

namespace SolidarityMarket.Web.Admin;

/// <summary>
/// The people an administrators' page names: each user id the services recorded (who previewed a run, who bought,
/// who decided) shown as that user's e-mail. Anything else stays as it is: a job name such as <c>ledger</c> or
/// <c>expiry</c>, a deleted user, or every id when the look-up did not answer — a page still shows, with ids.
/// </summary>
public sealed class People
{
    public static readonly People Unnamed = new(new Dictionary<string, string>(StringComparer.Ordinal));

    private readonly IReadOnlyDictionary<string, string> _emails;

    public People(IReadOnlyDictionary<string, string> emails) => _emails = emails;

    /// <summary>The e-mail of <paramref name="id"/> when it is a user's, else <paramref name="id"/> itself.</summary>
    public string Name(string? id) => id is not null && _emails.TryGetValue(id, out var email) ? email : id ?? "";
}

/// <summary>
/// <c>POST /api/auth/users/lookup</c> with the administrator's token: one call for all the ids a page shows; and one
/// user found by e-mail.
/// </summary>
public sealed class PeopleClient(HttpClient http, MemberApi api, ILogger<PeopleClient> logger) : MemberApiClient(http, api, logger)
{
    /// <summary>The API's most ids per call; a page with more asks in several calls.</summary>
    public const int PerCall = 200;

    private sealed record Lookup(Dictionary<string, string?> Emails);

    /// <summary>
    /// Names for <paramref name="ids"/> (blank ones and duplicates skipped). A look-up that fails (the auth API down,
    /// or refused) leaves those ids as they are: who did what is shown either way, only less readably.
    /// </summary>
    public async Task<People> NamesAsync(IEnumerable<string?> ids, CancellationToken ct)
    {
        var wanted = ids.Where(id => !string.IsNullOrWhiteSpace(id) && id.Length <= 100).Select(id => id!).Distinct(StringComparer.Ordinal).ToList();
        var emails = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in wanted.Chunk(PerCall))
        {
            var answer = await SendAsync<Lookup>(() => Post("api/auth/users/lookup", new { ids = chunk }), ct);
            foreach (var (id, email) in answer.Value?.Emails ?? [])
            {
                if (email is { Length: > 0 })
                {
                    emails[id] = email;
                }
            }
        }

        return emails.Count == 0 ? People.Unnamed : new People(emails);
    }

    /// <summary>
    /// The user with this e-mail (<c>GET /api/auth/users?email=</c>, compared as Identity normalises it, so in any
    /// case): 404 when nobody has it. For a page where an administrator names someone by e-mail.
    /// </summary>
    public Task<ApiAnswer<AdminUser>> FindByEmailAsync(string email, CancellationToken ct) =>
        SendAsync<AdminUser>(() => Get($"api/auth/users?email={Uri.EscapeDataString(email)}"), ct);
}
