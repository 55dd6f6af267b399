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
}
