using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SolidarityMarket.Catalog.Features;
using SolidarityMarket.Catalog.Features.Certification;

namespace SolidarityMarket.Catalog.Tests;

/// <summary>HTTP helpers for the catalog's vendor and certification API.</summary>
public static class CatalogApi
{
    public const string Base = "/api/catalog";

    public static async Task<VendorDto> RegisterVendorAsync(this HttpClient staff, string name = "Riverside Bakers' Co-op")
    {
        var response = await staff.PostAsJsonAsync($"{Base}/vendors", new { name, description = "Worker-owned bakery", category = "SolidarityEconomyInitiative", sector = "food", region = "North" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<VendorDto>())!;
    }

    /// <summary>A complete self-assessment: evidence and a link for every criterion.</summary>
    public static Dictionary<string, object?> FullAssessment() => new()
    {
        ["democraticGovernance"] = Answer("One member, one vote at the monthly assembly; the board is elected yearly.", "https://example.coop/statutes"),
        ["workerOwnershipOrControl"] = Answer("All 14 workers are members; 100% worker-owned.", "https://example.coop/members"),
        ["fairPayRatio"] = Answer("Highest to lowest pay is 1.5 : 1, set by the assembly.", "http://example.coop/pay"),
        ["environmentalPractice"] = Answer("Organic flour from local mills; delivery by cargo bike.", null),
        ["communityBenefit"] = Answer("10% of surplus funds the neighbourhood food bank.", "https://example.coop/annual-report"),
    };

    public static Dictionary<string, object?> Answer(string evidence, string? link) =>
        new() { ["evidence"] = evidence, ["links"] = link is null ? Array.Empty<string>() : new[] { link } };

    public static Task<HttpResponseMessage> ApplyAsync(this HttpClient client, Guid vendorId, object? assessment = null) =>
        client.PostAsJsonAsync($"{Base}/vendors/{vendorId}/certification/applications", assessment ?? FullAssessment());

    public static async Task<CertificationApplicationDto> ApplyOkAsync(this HttpClient staff, Guid vendorId)
    {
        var response = await staff.ApplyAsync(vendorId);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"apply: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var application = (await response.Content.ReadFromJsonAsync<CertificationApplicationDto>())!;
        Assert.Equal($"/api/catalog/certification/applications/{application.Id}", response.Headers.Location?.OriginalString);
        return application;
    }

    public static Task<HttpResponseMessage> ApproveAsync(this HttpClient client, Guid applicationId, string? notes = "Evidence checked.") =>
        client.PostAsJsonAsync($"{Base}/certification/applications/{applicationId}/approve", new { notes });

    public static async Task<CertificateDto> ApproveOkAsync(this HttpClient admin, Guid applicationId, string? notes = "Evidence checked.") =>
        await OkAsync<CertificateDto>(await admin.ApproveAsync(applicationId, notes));

    public static Task<HttpResponseMessage> RejectAsync(this HttpClient client, Guid applicationId, string? notes) =>
        client.PostAsJsonAsync($"{Base}/certification/applications/{applicationId}/reject", new { notes });

    public static Task<HttpResponseMessage> WithdrawAsync(this HttpClient client, Guid applicationId) =>
        client.PostAsJsonAsync($"{Base}/certification/applications/{applicationId}/withdraw", new { notes = "Submitted by mistake." });

    public static Task<HttpResponseMessage> RevokeAsync(this HttpClient client, Guid vendorId, string? reason) =>
        client.PostAsJsonAsync($"{Base}/vendors/{vendorId}/certification/revoke", new { reason });

    public static async Task<CertificationLabelDto> LabelAsync(this HttpClient client, Guid vendorId) =>
        await OkAsync<CertificationLabelDto>(await client.GetAsync($"{Base}/vendors/{vendorId}/certification"));

    public static Task<HttpResponseMessage> AuditAsync(this HttpClient client, Guid vendorId) =>
        client.GetAsync($"{Base}/vendors/{vendorId}/certification/audit");

    public static async Task<List<CertificationAuditEntryDto>> AuditOkAsync(this HttpClient client, Guid vendorId) =>
        await OkAsync<List<CertificationAuditEntryDto>>(await client.AuditAsync(vendorId));

    public static async Task<T> OkAsync<T>(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    /// <summary>Asserts a ProblemDetails response with <paramref name="status"/> and, if given, the named type.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? type = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        if (type is not null)
        {
            Assert.Equal("https://solidarity.market/problems/" + type, problem.GetProperty("type").GetString());
        }

        return problem;
    }

    /// <summary>Ordering's view of whether the vendor may take card payments (any signed-in user may ask).</summary>
    public static async Task<bool?> OrderingSaysCertifiedAsync(this HttpClient client, Guid vendorId)
    {
        var response = await client.GetAsync($"/api/ordering/vendors/{vendorId}/payment-options");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.True(response.IsSuccessStatusCode, $"payment-options: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("certified").GetBoolean();
    }
}
