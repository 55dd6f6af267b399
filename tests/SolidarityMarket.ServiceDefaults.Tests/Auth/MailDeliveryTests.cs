using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using SolidarityMarket.ServiceDefaults.Auth.Email;
using SolidarityMarket.Testing;

namespace SolidarityMarket.ServiceDefaults.Tests.Auth;

/// <summary>
/// Mail still waiting when the host stops was promised to members who had just asked for a code: it is sent before
/// the delivery service ends (within <see cref="MailDelivery.DrainTime"/>), through a real SMTP server in-process.
/// </summary>
public sealed class MailDeliveryTests
{
    [Fact]
    public async Task Mail_waiting_when_the_host_stops_is_still_sent()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        var options = new EmailOptions { From = TestSmtpServer.From, Smtp = { Host = "127.0.0.1", Port = smtp.Port, Security = SmtpSecurity.None } };
        var outgoing = new OutgoingMail();
        using var delivery = new MailDelivery(outgoing, Microsoft.Extensions.Options.Options.Create(options), NullLogger<MailDelivery>.Instance);
        await delivery.StartAsync(CancellationToken.None);

        const int waiting = 5;
        for (var i = 0; i < waiting; i++)
        {
            Assert.True(outgoing.TryAdd(new QueuedMail($"user-{i}", PasswordResetMail.Build(options, $"member{i}@test.coop", $"code-{i}"))));
        }

        await delivery.StopAsync(CancellationToken.None);

        Assert.Equal(waiting, smtp.Messages.Count);
        Assert.Equal(
            Enumerable.Range(0, waiting).Select(i => $"member{i}@test.coop"),
            smtp.Messages.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Mail_waiting_when_the_host_stops_before_the_delivery_loop_ever_ran_is_still_sent()
    {
        // BackgroundService starts its loop on the thread pool with the stopping token: a host stopped at once may
        // never run it (CI, under load, sent 0 of 5). Staged deterministically: stopped without having started.
        await using var smtp = await TestSmtpServer.StartAsync();
        var options = new EmailOptions { From = TestSmtpServer.From, Smtp = { Host = "127.0.0.1", Port = smtp.Port, Security = SmtpSecurity.None } };
        var outgoing = new OutgoingMail();
        using var delivery = new MailDelivery(outgoing, Microsoft.Extensions.Options.Options.Create(options), NullLogger<MailDelivery>.Instance);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(outgoing.TryAdd(new QueuedMail($"user-{i}", PasswordResetMail.Build(options, $"early{i}@test.coop", $"code-{i}"))));
        }

        await delivery.StopAsync(CancellationToken.None);

        Assert.Equal(3, smtp.Messages.Count);
    }

    [Fact]
    public async Task The_hosts_own_shutdown_deadline_ends_the_drain_there_not_DrainTime_later()
    {
        // An SMTP server that takes connections and never greets: each send waits until it is cancelled.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await silent.AcceptSocketAsync());
                connected.TrySetResult();
            }
        });
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var options = new EmailOptions { From = TestSmtpServer.From, Smtp = { Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None } };
        var outgoing = new OutgoingMail();
        using var delivery = new MailDelivery(outgoing, Microsoft.Extensions.Options.Options.Create(options), NullLogger<MailDelivery>.Instance);
        await delivery.StartAsync(CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(outgoing.TryAdd(new QueuedMail($"user-{i}", PasswordResetMail.Build(options, $"member{i}@test.coop", $"code-{i}"))));
        }

        await connected.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the first mail's send is in flight

        // The host gives the stop half a second (a short shutdown timeout, or one spent by the services stopped before).
        using var hostTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await delivery.StopAsync(hostTimeout.Token);

        // The host goes on to dispose everything: the delivery must have ended by then (give it a few seconds on a
        // loaded machine), not keep sending until DrainTime (10 s) with nobody left to log its warning.
        await delivery.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
