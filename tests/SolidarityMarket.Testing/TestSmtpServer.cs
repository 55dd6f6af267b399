using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SolidarityMarket.Testing;

/// <summary>
/// A real SMTP server (the SmtpServer package) on a free loopback port, in the test's process, keeping every message
/// it is sent (parsed by MimeKit). No TLS and no sign-in: the host under test uses <c>Email:Smtp:Security</c> None,
/// which it allows to a loopback server only. <see cref="Settings"/> are the host settings that point at it.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    public const string From = "Solidarity Market <market@test.coop>";

    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private TestSmtpServer(int port) => Port = port;

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Messages => _messages;

    /// <summary>The host's <c>Email:*</c> settings sending through this server.</summary>
    public Dictionary<string, string?> Settings(string? resetPageUrl = null) => new()
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        ["Email:From"] = From,
        ["Email:ResetPageUrl"] = resetPageUrl,
    };

    /// <summary>A server listening (checked) on a free loopback port.</summary>
    public static async Task<TestSmtpServer> StartAsync()
    {
        // The port is free when chosen and bound a moment later: another process of a parallel test run can take it
        // meanwhile (seen once: "Address already in use"). Another free port then.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnAsync(HostExecutable.FreePort());
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 5)
            {
            }
        }
    }

    private static async Task<TestSmtpServer> StartOnAsync(int port)
    {
        var server = new TestSmtpServer(port);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(server._messages));
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new SmtpServer.Net.EndpointListenerFactory();
        listeners.EndpointStarted += (_, _) => listening.TrySetResult();
        services.Add(listeners);
        var smtp = new SmtpServer.SmtpServer(options, services);
        server._running = smtp.StartAsync(server._stop.Token);
        await Task.WhenAny(listening.Task, server._running).WaitAsync(TimeSpan.FromSeconds(30));
        if (!listening.Task.IsCompleted)
        {
            await server._running; // its failure (the port taken meanwhile), or a server that stopped at once
            throw new InvalidOperationException("The test SMTP server stopped before it listened.");
        }

        return server;
    }

    /// <summary>The messages sent to <paramref name="address"/> so far.</summary>
    public IReadOnlyList<MimeMessage> MailTo(string address) =>
        [.. _messages.Where(m => m.To.Mailboxes.Any(b => b.Address.Equals(address, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>Waits (polling, with a timeout) for the first message sent to <paramref name="address"/>.</summary>
    public Task<MimeMessage> WaitForMailToAsync(string address, TimeSpan? timeout = null) =>
        Eventually.GetAsync(() => Task.FromResult(MailTo(address) is [var first, ..] ? first : null), timeout ?? TimeSpan.FromSeconds(30), $"a mail to {address}");

    /// <summary>Stops listening; connections are refused from then on.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // How the server's loop ends when told to stop.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> messages) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
