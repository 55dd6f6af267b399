using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Messaging;
using SolidarityMarket.Testing;

namespace SolidarityMarket.ServiceDefaults.Tests.MessagingAdmin;

/// <summary>
/// The whole marketplace (embedded: SQLite with the services' migrations, in-memory bus): the messaging admin
/// endpoints are for administrators only, list a service's failed deliveries and stuck outbox rows, and
/// <c>/health/ready</c> shows each check's figures.
/// </summary>
public sealed class MessagingAdminEndpointsTests : IAsyncDisposable
{
    private readonly MarketplaceFactory _factory = new();

    [Theory]
    [InlineData("GET", "/admin/messaging/catalog/failed")]
    [InlineData("GET", "/admin/messaging/ledger/outbox")]
    [InlineData("POST", "/admin/messaging/ordering/failed/ordering-listing-changed/0196a000-0000-7000-8000-000000000009/replay")]
    [InlineData("POST", "/admin/messaging/ordering/failed/ordering-listing-changed/0196a000-0000-7000-8000-000000000009/discard")]
    [InlineData("POST", "/admin/messaging/catalog/outbox/0196a000-0000-7000-8000-000000000009/retry")]
    public async Task A_member_is_forbidden(string method, string path)
    {
        var (member, _) = await _factory.SignInAsNewUserAsync();

        var response = await member.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { reason = "x" }) });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_admin_lists_discards_with_a_reason_and_sees_the_figures_in_the_readiness_check()
    {
        var (admin, adminId) = await _factory.SignInAsNewUserAsync(Roles.Admin);
        var messageId = Guid.NewGuid();
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = ServiceDatabases.Named(scope.ServiceProvider, "catalog")!;
            db.FailedMessages.Add(new FailedMessage
            {
                MessageId = messageId, Queue = "catalog-reserve-stock", MessageType = "SolidarityMarket.Contracts.Ordering.ReserveStock", Body = "{}",
                Consumer = "c", Error = "boom", FirstFailedAt = DateTimeOffset.UtcNow, LastFailedAt = DateTimeOffset.UtcNow, Failures = 1,
            });
            await db.SaveChangesAsync();
        }

        var listed = await admin.GetFromJsonAsync<JsonElement>("/admin/messaging/catalog/failed");
        Assert.Equal(messageId, Assert.Single(listed.EnumerateArray()).GetProperty("messageId").GetGuid());

        var degraded = await admin.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, degraded.StatusCode);
        var health = await degraded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        var messaging = health.GetProperty("checks").GetProperty("messaging");
        Assert.Equal("Degraded", messaging.GetProperty("status").GetString());
        Assert.Equal(1, messaging.GetProperty("data").GetProperty("catalog.failedMessages").GetInt32());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("catalog-db").GetProperty("status").GetString());

        var noReason = await admin.PostAsJsonAsync($"/admin/messaging/catalog/failed/catalog-reserve-stock/{messageId}/discard", new { reason = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);

        var discarded = await admin.PostAsJsonAsync($"/admin/messaging/catalog/failed/catalog-reserve-stock/{messageId}/discard", new { reason = "Order cancelled by hand" });
        Assert.Equal(HttpStatusCode.NoContent, discarded.StatusCode);
        var kept = await admin.GetFromJsonAsync<JsonElement>("/admin/messaging/catalog/failed?status=Discarded");
        var row = Assert.Single(kept.EnumerateArray());
        Assert.Equal(adminId, row.GetProperty("discardedBy").GetString());
        Assert.Equal("Order cancelled by hand", row.GetProperty("discardReason").GetString());

        var healthy = await (await admin.GetAsync("/health/ready")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", healthy.GetProperty("checks").GetProperty("messaging").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/messaging/nosuch/failed")).StatusCode);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
