using Microsoft.AspNetCore.Mvc;
using SolidarityMarket.Web.Admin;

namespace SolidarityMarket.Web.Pages.Admin;

/// <summary>
/// Every credit account, a page at a time, as the ledger lists them to an administrator
/// (<c>GET /api/ledger/accounts/search</c>: by exchange, name and number), narrowed by a piece of the name, an
/// account's or owner's number, or a member's e-mail (looked up in the user store, then the accounts they hold), and by
/// exchange, kind and state.
/// </summary>
public sealed class AccountsModel(AccountAdminClient ledger) : AdminPage
{
    public const int PageSize = 50;
    public const int MaxSearchLength = 200;

    public static readonly string[] Kinds = ["Member", "Operating", "Clearing", "Reserve"];
    public static readonly string[] States = ["Active", "Frozen", "Closed"];

    /// <summary>A piece of the name, an account's or owner's number, or a member's e-mail.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Exchange { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    public int PageNumber { get; private set; } = 1;

    public AdminAccountPage? Result { get; private set; }

    public IReadOnlyList<AdminAccount> Accounts => Result?.Items ?? [];

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        PageNumber = page ?? 1;
        var text = Q?.Trim() ?? "";
        var problems = Check(text);
        if (problems.Count > 0)
        {
            return Refused(400, problems);
        }

        // As the lists name them, so that the form shows what was asked for (?kind=member selects "Member").
        Kind = Kinds.FirstOrDefault(k => string.Equals(k, Kind, StringComparison.OrdinalIgnoreCase));
        State = States.FirstOrDefault(s => string.Equals(s, State, StringComparison.OrdinalIgnoreCase));

        string? holder = null;
        if (LooksLikeEmail(text))
        {
            var user = await ledger.UserByEmailAsync(text, ct);
            if (user.Value is null)
            {
                return user.Status == 404 ? Refused(404, [$"No user has the e-mail address {text}."]) : Fail(user, "The user could not be found.", "The user store") ?? Page();
            }

            (holder, text) = (user.Value.Id, "");
        }

        var answer = await ledger.SearchAsync(new AccountSearch(text, Exchange, Kind, State, holder), PageNumber, PageSize, ct);
        if (answer.Value is null)
        {
            // The filters were checked above; a 400 left is the ledger's own word on them.
            return answer.Status == 400 ? Refused(400, answer.Errors) : Fail(answer, "The accounts could not be found.") ?? Page();
        }

        Result = answer.Value;
        return Page();
    }

    /// <summary>The link to another page of the same list.</summary>
    public string PageLink(int page) => "?" + string.Join('&', new[] { ("q", Q), ("exchange", Exchange), ("kind", Kind), ("state", State) }
        .Where(p => !string.IsNullOrWhiteSpace(p.Item2))
        .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!.Trim())}")
        .Append($"page={page}"));

    /// <summary>One word with an @ in it: an e-mail to look up; anything else is read by the ledger (name or number).</summary>
    private static bool LooksLikeEmail(string text) => text.Contains('@', StringComparison.Ordinal) && !text.Any(char.IsWhiteSpace);

    private List<string> Check(string text)
    {
        var problems = new List<string>();
        if (text.Length > MaxSearchLength)
        {
            problems.Add($"The search is at most {MaxSearchLength} characters.");
        }

        if (Kind is { Length: > 0 } kind && !Kinds.Contains(kind, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"The kind is one of {string.Join(", ", Kinds)}.");
        }

        if (State is { Length: > 0 } state && !States.Contains(state, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"The state is one of {string.Join(", ", States)}.");
        }

        if (PageNumber is < 1 or > 1_000_000)
        {
            problems.Add("The page number is between 1 and 1,000,000.");
        }

        return problems;
    }
}
