using Microsoft.Extensions.Configuration;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// RabbitMQ connection from configuration: <c>RabbitMq:Host</c> (a host name or an <c>amqp://</c> / <c>rabbitmq://</c>
/// URI), <c>RabbitMq:VirtualHost</c>, <c>RabbitMq:Username</c>, <c>RabbitMq:Password</c>. Null when not configured.
/// </summary>
public sealed record RabbitMqSettings(Uri Uri, string Username, string Password)
{
    public static RabbitMqSettings? From(IConfiguration configuration)
    {
        var host = configuration["RabbitMq:Host"];
        if (string.IsNullOrWhiteSpace(host))
        {
            return null;
        }

        var username = configuration["RabbitMq:Username"] ?? "guest";
        var password = configuration["RabbitMq:Password"] ?? "guest";
        var vhost = configuration["RabbitMq:VirtualHost"] ?? "/";
        if (Uri.TryCreate(host, UriKind.Absolute, out var parsed) && parsed.Scheme is "amqp" or "rabbitmq")
        {
            if (!string.IsNullOrEmpty(parsed.UserInfo))
            {
                var parts = parsed.UserInfo.Split(':', 2);
                username = Uri.UnescapeDataString(parts[0]);
                password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : password;
            }

            var path = parsed.AbsolutePath is "" or "/" ? vhost : Uri.UnescapeDataString(parsed.AbsolutePath.TrimStart('/'));
            var port = parsed.IsDefaultPort || parsed.Port <= 0 ? 5672 : parsed.Port;
            return new RabbitMqSettings(new Uri($"rabbitmq://{parsed.Host}:{port}/{VirtualHostPath(path)}"), username, password);
        }

        return new RabbitMqSettings(new Uri($"rabbitmq://{host}/{VirtualHostPath(vhost)}"), username, password);
    }

    /// <summary>The default virtual host "/" is an empty path in MassTransit's address.</summary>
    private static string VirtualHostPath(string vhost) => vhost is "/" or "" ? "" : Uri.EscapeDataString(vhost);
}
