using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.ServiceDefaults.Auth;

using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests;

/// <summary>Health, OpenAPI, ProblemDetails and authentication of the embedded host.</summary>
public sealed class PlatformTests(PlatformTests.Fixture fixture) : IClassFixture<PlatformTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public MarketplaceFactory Factory { get; } = new();

        public ValueTask InitializeAsync()
        {
            _ = Factory.Server;
            return ValueTask.CompletedTask;
        }

        public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
    }

    private MarketplaceFactory Factory => fixture.Factory;

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy_without_signing_in(string path)
    {
        var response = await Factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();

        // /health/ready writes each check's status and data as JSON (docs/operations.md, "Health").
        var status = path == "/health/ready" ? System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("status").GetString() : body;
        Assert.Equal("Healthy", status);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_service_and_the_reference_UI_is_served()
    {
        var client = Factory.CreateClient();

        var document = await client.GetStringAsync("/openapi/v1.json");
        var scalar = await client.GetAsync("/scalar/");

        Assert.Contains("\"/api/ledger/accounts/{id}\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/catalog/vendors\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/ordering/vendors/{id}/payment-options\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/auth/login\"", document, StringComparison.Ordinal);
        // Nested request records of different use cases keep distinct schemas.
        Assert.Contains("\"RegisterVendorRequest\"", document, StringComparison.Ordinal);
        Assert.Contains("\"SubmitTransferRequest\"", document, StringComparison.Ordinal);
        Assert.Contains("\"OpenAccountRequest\"", document, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
    }

    [Theory]
    [InlineData("/api/ledger/accounts")]
    [InlineData("/api/ordering/vendors/0196a000-0000-7000-8000-000000000009/payment-options")]
    public async Task An_anonymous_api_call_gets_401_problem_details(string path)
    {
        var response = await Factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Public_catalog_browsing_needs_no_sign_in()
    {
        var response = await Factory.CreateClient().GetAsync("/api/catalog/listings");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_login_with_a_wrong_password_is_refused()
    {
        var (_, _) = await Factory.SignInAsNewUserAsync();
        var response = await Factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "nobody@test.coop", password = "wrong-password-1A!" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Invalid_input_gets_400_problem_details_naming_each_field_and_creates_nothing()
    {
        var (client, _) = await Factory.SignInAsNewUserAsync();
        var before = await CountVendorsAsync();

        var response = await client.PostAsJsonAsync("/api/catalog/vendors", new { name = "", category = "Pirates", sector = "casino", website = "javascript:alert(1)" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemView>();
        Assert.Equal(["category", "name", "sector", "website"], problem!.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(before, await CountVendorsAsync());
    }

    [Theory]
    [InlineData("{ not json", "application/json")]
    [InlineData("{\"name\": 5}", "application/json")]
    [InlineData("name=x", "text/plain")]
    public async Task A_malformed_body_gets_a_4xx_problem_details_not_a_500(string body, string contentType)
    {
        var (client, _) = await Factory.SignInAsNewUserAsync();

        var response = await client.PostAsync("/api/catalog/vendors", new StringContent(body, Encoding.UTF8, contentType));

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_route_value_gets_404_problem_details()
    {
        var (client, _) = await Factory.SignInAsNewUserAsync();

        var response = await client.GetAsync("/api/ledger/accounts/not-a-guid");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_jobs_dashboard_is_for_administrators_only()
    {
        var (member, _) = await Factory.SignInAsNewUserAsync(Roles.Member);
        var (admin, _) = await Factory.SignInAsNewUserAsync(Roles.Admin);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateClient().GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public void Each_module_schedules_its_message_log_cleanup_on_its_own_jobs_queue()
    {
        using var connection = Factory.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection();

        var jobs = Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).ToDictionary(j => j.Id, j => j.Job?.Queue ?? j.Queue);

        Assert.Equal("catalog", jobs["catalog-message-log-cleanup"]);
        Assert.Equal("ordering", jobs["ordering-message-log-cleanup"]);
        Assert.Equal("ledger", jobs["ledger-message-log-cleanup"]);
    }

    private async Task<int> CountVendorsAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        return await catalog.Vendors.CountAsync() + await catalog.OutboxMessages.CountAsync();
    }
}
