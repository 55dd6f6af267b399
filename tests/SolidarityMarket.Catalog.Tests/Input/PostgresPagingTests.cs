using System.Net;
using SolidarityMarket.ServiceDefaults.Auth;
using static SolidarityMarket.Catalog.Tests.CatalogApi;

namespace SolidarityMarket.Catalog.Tests.Input;

/// <summary>Paging parameters on PostgreSQL, which refuses a negative OFFSET where SQLite shrugs.</summary>
public sealed class PostgresPagingTests(PostgresCatalogHost host) : IClassFixture<PostgresCatalogHost>
{
    /// <summary>
    /// The certification applications list had no upper bound on <c>page</c>: (page - 1) * pageSize overflowed to a
    /// negative OFFSET and PostgreSQL answered an error (a 500). It is bounded as search's is, so it is a 400.
    /// </summary>
    [Fact]
    public async Task A_huge_page_of_certification_applications_is_a_400_naming_page()
    {
        await host.StartAsync();
        var (admin, _) = await host.SignInAsNewUserAsync(Roles.Admin);

        var problem = await AssertProblemAsync(await admin.GetAsync($"{Base}/certification/applications?page={int.MaxValue}&pageSize=100"), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("page", out _), problem.ToString());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"{Base}/certification/applications?page=10000&pageSize=100")).StatusCode);
    }
}
