using System.Net;
using System.Text.Json;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Certification;

/// <summary>A self-assessment with a missing criterion, over-long evidence or bad links is a 400 naming each field, and stores nothing.</summary>
public sealed class CertificationBadInputTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    /// <summary>(why, the field the 400 must name, the fairPayRatio answer as JSON).</summary>
    public static TheoryData<string, string, string> BadAnswers => new()
    {
        { "missing criterion", "fairPayRatio", "null" },
        { "no evidence", "fairPayRatio.evidence", """{ "evidence": "   ", "links": [] }""" },
        { "evidence over 4,000 characters", "fairPayRatio.evidence", AnswerJson(new string('x', 4001)) },
        { "six links", "fairPayRatio.links", AnswerJson("ok", [.. Enumerable.Range(1, 6).Select(i => $"https://example.coop/{i}")]) },
        { "ftp link", "fairPayRatio.links[0]", AnswerJson("ok", "ftp://example.coop/pay") },
        { "script link", "fairPayRatio.links[0]", AnswerJson("ok", "javascript:alert(1)") },
        { "relative link", "fairPayRatio.links[0]", AnswerJson("ok", "/pay") },
        { "not a URL", "fairPayRatio.links[0]", AnswerJson("ok", "pay scale") },
        { "link over 500 characters", "fairPayRatio.links[0]", AnswerJson("ok", "https://example.coop/" + new string('a', 500)) },
        { "null link", "fairPayRatio.links[1]", """{ "evidence": "ok", "links": ["https://example.coop", null] }""" },
    };

    private static string AnswerJson(string evidence, params string[] links) => JsonSerializer.Serialize(new { evidence, links });

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public async Task A_bad_answer_is_a_400_naming_the_field_and_changes_nothing(string why, string field, string answerJson)
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync($"Bad Input Co-op ({why})");
        var assessment = FullAssessment();
        assessment["fairPayRatio"] = JsonSerializer.Deserialize<JsonElement>(answerJson);
        var before = await host.CertificationSnapshotAsync(vendor.Id);

        var problem = await AssertProblemAsync(await staff.ApplyAsync(vendor.Id, assessment), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{why}: expected an error on {field}: {problem}");
        await host.AssertUnchangedAsync(vendor.Id, before);
    }

    [Fact]
    public async Task Evidence_of_exactly_4000_characters_and_five_links_is_accepted_and_html_is_kept_as_text()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync("Boundary Co-op");
        var assessment = FullAssessment();
        var evidence = "<script>alert('x')</script>" + new string('y', 4000 - 27);
        assessment["fairPayRatio"] = new Dictionary<string, object?> { ["evidence"] = evidence, ["links"] = Enumerable.Range(1, 5).Select(i => $"https://example.coop/{i}").ToArray() };

        var application = await OkCreated(await staff.ApplyAsync(vendor.Id, assessment));

        var answer = application.GetProperty("answers").EnumerateArray().Single(a => a.GetProperty("criterion").GetString() == "FairPayRatio");
        Assert.Equal(evidence, answer.GetProperty("evidence").GetString());
        Assert.Equal(5, answer.GetProperty("links").GetArrayLength());
    }

    [Fact]
    public async Task Several_problems_are_reported_together()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var vendor = await staff.RegisterVendorAsync("Many Problems Co-op");

        var problem = await AssertProblemAsync(await staff.ApplyAsync(vendor.Id, new { fairPayRatio = Answer("ok", "mailto:pay@example.coop") }), HttpStatusCode.BadRequest);

        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["communityBenefit", "democraticGovernance", "environmentalPractice", "fairPayRatio.links[0]", "workerOwnershipOrControl"], fields);
    }

    [Fact]
    public async Task Decisions_need_their_notes_and_reasons_within_limits()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(Roles.Vendor);
        var (admin, _) = await host.SignInAsNewUserAsync(Roles.Admin);
        var vendor = await staff.RegisterVendorAsync("Notes Co-op");
        var application = await staff.ApplyOkAsync(vendor.Id);
        var before = await host.CertificationSnapshotAsync(vendor.Id);

        await AssertProblemAsync(await admin.RejectAsync(application.Id, null), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await admin.RejectAsync(application.Id, new string('n', 2001)), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await admin.ApproveAsync(application.Id, new string('n', 2001)), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await admin.RevokeAsync(vendor.Id, null), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await admin.GetAsync($"{Base}/certification/applications?status=Pending"), HttpStatusCode.BadRequest);
        await host.AssertUnchangedAsync(vendor.Id, before);
    }

    private static async Task<JsonElement> OkCreated(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
