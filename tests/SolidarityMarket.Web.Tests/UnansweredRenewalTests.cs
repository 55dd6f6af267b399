using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// The UI on its own (<c>Modules=Web</c>) in front of an API host of its own, which stops answering while a member is
/// signed in. Its tokens live 20 seconds, inside the UI's renewal margin, so every member page renews first: the
/// renewal gets no answer, and that must not end the session.
/// </summary>
public sealed partial class UnansweredRenewalTests
{
    [Fact]
    public async Task A_renewal_that_gets_no_answer_keeps_the_member_signed_in_and_the_page_says_the_service_is_not_answering()
    {
        await using var api = new MarketplaceFactory(new() { ["Auth:AccessTokenLifetime"] = "00:00:20" });
        await using var ui = new MarketplaceFactory(new() { ["Modules"] = "Web", ["Web:ApiBaseUrl"] = MarketWorld.StartOnKestrel(api).ToString() });
        var (email, _) = await api.CreateUserAsync();
        using var browser = ui.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var form = await browser.GetStringAsync(new Uri("/signin", UriKind.Relative));
        using var signIn = await browser.PostAsync(new Uri("/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email, ["Password"] = MarketplaceFactory.Password, ["__RequestVerificationToken"] = AntiforgeryToken().Match(form).Groups[1].Value,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        using (var answered = await browser.GetAsync(new Uri("/me/accounts", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            Assert.Contains("You hold no credit account yet.", await answered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await api.DisposeAsync();

        foreach (var attempt in (int[])[1, 2])
        {
            using var unanswered = await browser.GetAsync(new Uri("/me/accounts", UriKind.Relative));
            var html = await unanswered.Content.ReadAsStringAsync();
            Assert.True(unanswered.StatusCode == HttpStatusCode.ServiceUnavailable, $"attempt {attempt}: {(int)unanswered.StatusCode} {unanswered.Headers.Location}");
            Assert.Contains("The ledger is not answering at the moment.", html, StringComparison.Ordinal);
            Assert.Contains("Signed in as " + email, html, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
