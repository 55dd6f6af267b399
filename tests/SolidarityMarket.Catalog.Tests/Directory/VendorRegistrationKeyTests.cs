using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SolidarityMarket.Catalog.Features;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.SolidarityDirectory;

/// <summary>
/// Registering a vendor under an idempotency key (a form sent twice, a retry after a lost answer): one vendor per
/// caller and key, as checkouts are; the same key with another body is refused.
/// </summary>
public sealed class VendorRegistrationKeyTests(CatalogHost host) : IClassFixture<CatalogHost>
{
    private static Dictionary<string, object?> Body(string name, string? key)
    {
        var body = DirectoryApi.VendorBody(name);
        body["idempotencyKey"] = key;
        return body;
    }

    private Task<int> VendorsNamedAsync(string name) => host.WithCatalogAsync(db => db.Vendors.CountAsync(v => v.Name == name));

    private static async Task<VendorDto> CreatedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<VendorDto>())!;
    }

    [Fact]
    public async Task The_same_key_and_body_answer_the_first_vendor_and_publish_it_once()
    {
        var (staff, user) = await host.SignInAsNewUserAsync(null);
        var key = Guid.NewGuid().ToString();

        var first = await CreatedAsync(await staff.PostAsJsonAsync($"{Base}/vendors", Body("Twice Sent Co-op", key)));
        var again = await staff.PostAsJsonAsync($"{Base}/vendors", Body("Twice Sent Co-op", key));

        var repeated = await CreatedAsync(again);
        Assert.Equal(first.Id, repeated.Id);
        Assert.Equal($"/api/catalog/vendors/{first.Id}", again.Headers.Location?.OriginalString);
        Assert.Equal(1, await VendorsNamedAsync("Twice Sent Co-op"));
        Assert.Equal(1, await host.OutboxCountAsync<VendorRegistered>(first.Id));
        Assert.Equal([user.Id], await host.WithCatalogAsync(db => db.Vendors.Where(v => v.Id == first.Id).SelectMany(v => v.Staff).Select(s => s.UserId).ToListAsync()));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_conflict_and_registers_nothing()
    {
        var (staff, _) = await host.SignInAsNewUserAsync(null);
        var key = Guid.NewGuid().ToString();
        await CreatedAsync(await staff.PostAsJsonAsync($"{Base}/vendors", Body("Original Co-op", key)));

        var response = await staff.PostAsJsonAsync($"{Base}/vendors", Body("Renamed Co-op", key));

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "idempotency-key-reused");
        Assert.Equal(0, await VendorsNamedAsync("Renamed Co-op"));
    }

    [Fact]
    public async Task Keys_are_per_caller_and_leaving_the_key_out_registers_each_time()
    {
        var (first, _) = await host.SignInAsNewUserAsync(null);
        var (second, _) = await host.SignInAsNewUserAsync(null);
        var key = Guid.NewGuid().ToString();

        var mine = await CreatedAsync(await first.PostAsJsonAsync($"{Base}/vendors", Body("Shared Key Co-op", key)));
        var theirs = await CreatedAsync(await second.PostAsJsonAsync($"{Base}/vendors", Body("Shared Key Co-op", key)));
        await CreatedAsync(await first.PostAsJsonAsync($"{Base}/vendors", Body("Keyless Co-op", null)));
        await CreatedAsync(await first.PostAsJsonAsync($"{Base}/vendors", Body("Keyless Co-op", null)));

        Assert.NotEqual(mine.Id, theirs.Id);
        Assert.Equal(2, await VendorsNamedAsync("Shared Key Co-op"));
        Assert.Equal(2, await VendorsNamedAsync("Keyless Co-op"));
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("k123456789k123456789k123456789k123456789k123456789k123456789k123456789k123456789k123456789k1234567890")]
    public async Task A_blank_or_too_long_key_is_refused(string key)
    {
        var (staff, _) = await host.SignInAsNewUserAsync(null);
        var name = $"Bad Key Co-op {key.Length}";

        var problem = await AssertProblemAsync(await staff.PostAsJsonAsync($"{Base}/vendors", Body(name, key)), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("idempotencyKey", out _), problem.ToString());
        Assert.Equal(0, await VendorsNamedAsync(name));
    }
}
