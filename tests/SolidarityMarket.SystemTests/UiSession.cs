using System.Net;
using System.Text.RegularExpressions;

namespace SolidarityMarket.SystemTests;

/// <summary>
/// A browser's part, over plain HTTP: signed in to a UI process through its sign-in form (the antiforgery token read
/// from the page, the session in a cookie jar), for tests that only need the pages' HTML — no JavaScript involved.
/// </summary>
public static partial class UiSession
{
    public static async Task<HttpClient> SignInAsync(Uri ui, string email, string password)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = ui,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var form = await client.GetStringAsync(new Uri("/signin", UriKind.Relative));
        var token = TokenField().Match(form);
        Assert.True(token.Success, $"no antiforgery token on /signin:\n{form}");
        var signedIn = await client.PostAsync(new Uri("/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        }));
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"sign-in: {(int)signedIn.StatusCode} {await signedIn.Content.ReadAsStringAsync()}");
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
