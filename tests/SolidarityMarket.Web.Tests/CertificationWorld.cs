using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace SolidarityMarket.Web.Tests;

/// <summary>What the certification-page tests set up and check through the Catalog API, and fill in the browser.</summary>
public static class CertificationWorld
{
    public static readonly string[] Criteria = ["DemocraticGovernance", "WorkerOwnershipOrControl", "FairPayRatio", "EnvironmentalPractice", "CommunityBenefit"];

    /// <summary>Fills every criterion's evidence (and links) on the application form the page shows.</summary>
    public static async Task FillSelfAssessmentAsync(IPage page, string evidence, string links = "https://example.coop/minutes")
    {
        foreach (var criterion in Criteria)
        {
            var group = page.Locator($"fieldset[data-criterion='{criterion}']");
            await group.GetByLabel("Evidence").FillAsync($"{evidence} ({criterion})");
            await group.GetByLabel("Links, one a line").FillAsync(links);
        }
    }

    /// <summary>The staff's vendor applies through the API; the application's id.</summary>
    public static async Task<Guid> ApplyAsync(this VendorStaff staff, string evidence = "One member, one vote.")
    {
        object Answer(string criterion) => new { evidence = $"{evidence} ({criterion})", links = new[] { "https://example.coop/minutes" } };
        var response = await staff.Api.PostAsJsonAsync($"/api/catalog/vendors/{staff.VendorId}/certification/applications", new
        {
            democraticGovernance = Answer("DemocraticGovernance"),
            workerOwnershipOrControl = Answer("WorkerOwnershipOrControl"),
            fairPayRatio = Answer("FairPayRatio"),
            environmentalPractice = Answer("EnvironmentalPractice"),
            communityBenefit = Answer("CommunityBenefit"),
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"apply: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>The vendor's public label: <c>{ vendorId, certified, label, validUntil }</c>.</summary>
    public static Task<JsonElement> LabelAsync(this MarketWorld world, Guid vendorId) => AdminReadAsync(world, $"/api/catalog/vendors/{vendorId}/certification");

    /// <summary>One application as the administrator reads it.</summary>
    public static Task<JsonElement> ApplicationAsync(this MarketWorld world, Guid applicationId) => AdminReadAsync(world, $"/api/catalog/certification/applications/{applicationId}");

    /// <summary>The actions of the vendor's audit trail, oldest first.</summary>
    public static async Task<List<string>> AuditActionsAsync(this MarketWorld world, Guid vendorId) =>
        [.. (await AdminReadAsync(world, $"/api/catalog/vendors/{vendorId}/certification/audit")).EnumerateArray().Select(e => e.GetProperty("action").GetString()!)];

    /// <summary>The ids of the applications waiting for a decision, as the administrators' queue has them.</summary>
    public static async Task<List<Guid>> PendingApplicationsAsync(this MarketWorld world, Guid vendorId) =>
        [.. (await AdminReadAsync(world, $"/api/catalog/certification/applications?vendorId={vendorId}")).GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetGuid())];

    /// <summary>Posts a form of the page's own (its antiforgery token) again, as a second click would; the answer, redirects not followed.</summary>
    public static async Task<IAPIResponse> PostAgainAsync(IPage page, string path, Dictionary<string, string> fields)
    {
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", await page.Locator("[name=__RequestVerificationToken]").First.InputValueAsync());
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return await page.Context.APIRequest.PostAsync(path, new() { Form = form, MaxRedirects = 0 });
    }

    private static async Task<JsonElement> AdminReadAsync(MarketWorld world, string path)
    {
        using var admin = await world.AdminAsync();
        using var document = JsonDocument.Parse(await admin.GetStringAsync(new Uri(path, UriKind.Relative)));
        return document.RootElement.Clone();
    }
}
