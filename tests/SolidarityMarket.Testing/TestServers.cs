using Npgsql;
using RabbitMQ.Client;
using Xunit;

namespace SolidarityMarket.Testing;

/// <summary>
/// The real servers some tests need. A test calls <see cref="RequirePostgresAsync"/> / <see cref="RequireRabbitMqAsync"/>:
/// when the server is absent it is skipped with the reason — unless <c>SOLIDARITY_REQUIRE_SERVERS</c> is set
/// (CI sets it), in which case the absence fails the test.
/// </summary>
public static class TestServers
{
    public static string PostgresAdmin =>
        Environment.GetEnvironmentVariable("SOLIDARITY_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=solidarity;Password=solidarity";

    public static string RabbitMqUri =>
        Environment.GetEnvironmentVariable("SOLIDARITY_TEST_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:5672/";

    public static bool Required => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SOLIDARITY_REQUIRE_SERVERS"));

    private static readonly Lazy<Task<string?>> PostgresProblem = new(() => ProbePostgresAsync());
    private static readonly Lazy<Task<string?>> RabbitProblem = new(() => ProbeRabbitAsync());

    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public static async Task<string> RequirePostgresAsync(string purpose)
    {
        await RequireAsync("PostgreSQL", PostgresProblem.Value);
        var name = $"sm_{purpose}_{Guid.NewGuid():N}"[..Math.Min(60, purpose.Length + 36)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(PostgresAdmin + ";Database=postgres");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Drops a database made by <see cref="RequirePostgresAsync"/>, closing its connections by force. Returns null, or
    /// why it could not (a caller cleaning up reports it and carries on).
    /// </summary>
    public static async Task<string?> DropPostgresAsync(string database)
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await using var connection = new NpgsqlConnection(PostgresAdmin + ";Database=postgres");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)";
            await command.ExecuteNonQueryAsync();
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            return ex.Message;
        }
    }

    public static async Task<string> RequireRabbitMqAsync()
    {
        await RequireAsync("RabbitMQ", RabbitProblem.Value);
        return RabbitMqUri;
    }

    private static async Task RequireAsync(string server, Task<string?> probe)
    {
        var problem = await probe;
        if (problem is null)
        {
            return;
        }

        var message = $"{server} is not available ({problem}).";
        if (Required)
        {
            Assert.Fail(message + " SOLIDARITY_REQUIRE_SERVERS is set, so this is a failure, not a skip.");
        }

        Assert.Skip(message + " Set SOLIDARITY_TEST_* or run .ci/run to start it.");
    }

    private static async Task<string?> ProbePostgresAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(PostgresAdmin + ";Database=postgres;Timeout=5");
            await connection.OpenAsync();
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            return ex.Message;
        }
    }

    private static async Task<string?> ProbeRabbitAsync()
    {
        try
        {
            var factory = new ConnectionFactory { Uri = new Uri(RabbitMqUri), RequestedConnectionTimeout = TimeSpan.FromSeconds(5) };
            await using var connection = await factory.CreateConnectionAsync();
            return null;
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return ex.Message;
        }
    }
}
