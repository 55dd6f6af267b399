using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace SolidarityMarket.Benchmarks;

/// <summary>
/// 5. Through the HTTP API: the host on real Kestrel (loopback, HTTP/1.1 keep-alive), members registered and signed
/// in through <c>/api/auth/register</c> and <c>/api/auth/login</c>, each caller one member paying from the accounts
/// they hold with <c>POST /api/ledger/transfers</c> — authentication, authorization (holder check), validation,
/// trade planning, the writer, the JSON answer. Client and server share this process and its two cores.
/// </summary>
public static class HttpScenario
{
    private const string Password = "Bench-pass-2026!";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record TransferBody(Guid Id, Guid DebitAccountId, Guid CreditAccountId, long Amount, string Memo);

    private sealed record TokenResponse(string AccessToken);

    public static async Task<RunResult> RunAsync(string name, BenchmarkHost host, BenchmarkOptions options, WriterMetrics metrics)
    {
        var address = host.Start();
        using var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = int.MaxValue,
            UseCookies = false,
        };
        using var client = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };

        var members = await SignUpMembersAsync(host, client, options.Callers);
        var world = await LedgerWorld.SeedAsync(host.Services, options.Accounts, i => members[i % members.Length].UserId);
        var held = Enumerable.Range(0, members.Length)
            .Select(c => (IReadOnlyList<Guid>)world.Accounts.Where((_, i) => i % members.Length == c).ToArray())
            .ToArray();

        var refusals = new Refusals();
        var failures = new ConcurrentQueue<string>();
        Func<int, Func<Task<Outcome>>> Callers(int seed) => c =>
        {
            var random = new Random(seed + c);
            var token = new AuthenticationHeaderValue("Bearer", members[c].Token);
            return async () =>
            {
                var (payer, payee, _, amount) = world.PickTrade(random, held[c]);
                var body = JsonSerializer.SerializeToUtf8Bytes(new TransferBody(Guid.NewGuid(), payer, payee, amount, LedgerWorld.Memo), Json);
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ledger/transfers") { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Authorization = token;
                using var response = await client.SendAsync(request);
                switch (response.StatusCode)
                {
                    case HttpStatusCode.Created:
                        return Outcome.Accepted;
                    case HttpStatusCode.OK:
                        return Outcome.Replay;
                    case < HttpStatusCode.InternalServerError:
                        refusals.Add($"{(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync())}");
                        return Outcome.Rejected;
                    default:
                        if (failures.Count < 3)
                        {
                            failures.Enqueue($"{(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync())}");
                        }

                        return Outcome.Failed;
                }
            };
        };

        if (options.Warmup > 0)
        {
            await WarmUp.UntilJitQuietAsync(round =>
                ClosedLoop.RunAsync("warm-up", members.Length, options.Warmup, options.MaxDuration, Callers(options.Seed * 7_919 + round)));
        }

        metrics.Reset();
        host.Sql.Reset();
        var cost = ProcessCost.Start();
        var measured = await ClosedLoop.RunAsync(name, members.Length, options.Transfers, options.MaxDuration, Callers(options.Seed * 104_729));
        measured.Notes.Add(cost.Describe(measured.Attempted));
        measured.Notes.Add($"Kestrel at {address}, {members.Length} members signed in through the API, HTTP/1.1 keep-alive, one connection per caller");
        measured.Notes.Add(metrics.Describe());
        measured.Notes.Add(host.Sql.Describe(metrics.Batches, "batch"));
        refusals.AddTo(measured);
        measured.Notes.AddRange(failures.Select(f => "server error: " + f));
        return measured;
    }

    private static async Task<(string UserId, string Token)[]> SignUpMembersAsync(BenchmarkHost host, HttpClient client, int count)
    {
        var members = new (string UserId, string Token)[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var email = $"bench-{i}-{Guid.NewGuid():N}@bench.coop";
            var registered = await client.PostAsJsonAsync("/api/auth/register", new { email, password = Password }, ct);
            if (!registered.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"register answered {(int)registered.StatusCode}: {await registered.Content.ReadAsStringAsync(ct)}");
            }

            var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password }, ct);
            if (!login.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"login answered {(int)login.StatusCode}: {await login.Content.ReadAsStringAsync(ct)}");
            }

            var token = (await login.Content.ReadFromJsonAsync<TokenResponse>(ct))!.AccessToken;
            await using var scope = host.Services.CreateAsyncScope();
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByEmailAsync(email)
                ?? throw new InvalidOperationException($"{email} was registered but is not found.");
            members[i] = (user.Id, token);
        });
        return members;
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
