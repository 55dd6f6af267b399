using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Ledger.Tests.Concurrency;

/// <summary>
/// ≥ 20,000 operations from 64 concurrent tasks, through the ledger's writer, on SQLite and on PostgreSQL — there
/// with two ledger instances (two hosts, two writers, two connection pools) on one database.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    private const int Workers = 64;
    private const int Operations = 20_480;
    private static readonly string[] Exchanges = ["food", "care", "housing"];

    [Fact]
    public async Task Sqlite_stays_exact_under_64_concurrent_writers()
    {
        await using var factory = new MarketplaceFactory(new() { ["Modules"] = "Ledger" });
        var world = await SoakWorld.CreateAsync([factory.Services], 300, Exchanges);

        var watch = Stopwatch.StartNew();
        await world.RunAsync(Workers, Operations, seed: 11);
        output.WriteLine($"SQLite: {world.Accepted} accepted, {world.Rejected} refused, {world.Replays} replays in {watch.Elapsed.TotalSeconds:0.0} s");

        Assert.True(world.Accepted > Operations / 4, "most operations should be accepted");
        Assert.True(world.Rejected > 0, "tight limits should refuse some");
        Assert.True(world.Replays > 0, "retries happened and were replays");
        await world.AssertInvariantsAsync();
    }

    [Fact]
    public async Task Postgres_with_two_ledger_instances_on_one_database_stays_exact()
    {
        var connection = await TestServers.RequirePostgresAsync("soak");
        var settings = new Dictionary<string, string?>
        {
            ["Modules"] = "Ledger",
            ["Database:Provider"] = "Postgres",
            ["Database:MigrateOnStartup"] = "true",
            ["ConnectionStrings:Default"] = connection,
        };
        await using var first = new MarketplaceFactory(settings);
        _ = first.Services;
        await using var second = new MarketplaceFactory(settings);
        var world = await SoakWorld.CreateAsync([first.Services, second.Services], 300, Exchanges);

        var watch = Stopwatch.StartNew();
        await world.RunAsync(Workers, Operations, seed: 23);
        output.WriteLine($"PostgreSQL x2: {world.Accepted} accepted, {world.Rejected} refused, {world.Replays} replays in {watch.Elapsed.TotalSeconds:0.0} s");

        Assert.True(world.Accepted > Operations / 4, "most operations should be accepted");
        Assert.True(world.Replays > 0, "retries happened and were replays");
        await world.AssertInvariantsAsync();
    }
}
