using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SolidarityMarket.ServiceDefaults.Auth.Email;

/// <summary>
/// Sends the mails of <see cref="OutgoingMail"/> one by one through the SMTP server of <c>Email:Smtp:*</c> (MailKit),
/// one connection per mail (a few mails a day). A mail that cannot be sent is logged as an error naming the user and
/// the server, never the code, and not retried: the member asks for a new code. When the host stops, the mails
/// already waiting were promised to members who had just asked: they are still sent for up to <see cref="DrainTime"/>
/// (and never past the host's own stop deadline, when that comes first), and the number left unsent is logged.
/// </summary>
public sealed class MailDelivery(OutgoingMail outgoing, IOptions<EmailOptions> options, ILogger<MailDelivery> logger) : BackgroundService
{
    /// <summary>Bounds each SMTP step (connect, sign-in, send) against a server that stops answering.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a stopping host keeps sending what is waiting: well inside the default 30-second shutdown timeout.</summary>
    public static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(10);

    /// <summary>Ends the drain: DrainTime after the stop began, or sooner when the host itself stops waiting.</summary>
    private readonly CancellationTokenSource _deadline = new();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The base returns when the drain ends or when the host stops waiting (its shutdown timeout may be shorter than
        // DrainTime, or mostly spent by the services stopped before this one). In the second case the drain ends here
        // too: the send in flight is cancelled and the rest counted in the warning, instead of sending on (and logging
        // to no one) after the host has gone on to dispose everything. Not a registration on the token: the base's own
        // runs first and resumes this method inside the token's callbacks, which would unregister ours before it ran.
        await base.StopAsync(cancellationToken);
        _deadline.Cancel();
    }

    public override void Dispose()
    {
        base.Dispose();
        _deadline.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Cancelled DrainTime after the stop began: sends (the one in flight too) end there, not at the stop.
        var deadline = _deadline;
        await using var startDrain = stoppingToken.Register(() => deadline.CancelAfter(DrainTime));
        var unsent = 0;
        while (true)
        {
            if (!outgoing.TryTake(out var mail))
            {
                if (stoppingToken.IsCancellationRequested || !await WaitAsync(stoppingToken))
                {
                    break;
                }

                continue;
            }

            if (deadline.IsCancellationRequested)
            {
                unsent++;
                continue;
            }

            await SendAsync(mail, deadline.Token);
        }

        if (unsent > 0)
        {
            logger.LogWarning("{Count} password-reset mails were still waiting when the host stopped and were not sent; those members ask for a new code", unsent);
        }
    }

    /// <summary>False once the host stops (the loop then sends what is left and ends).</summary>
    private async Task<bool> WaitAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await outgoing.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return true; // look once more: what is waiting is drained before the loop ends
        }
    }

    private async Task SendAsync(QueuedMail mail, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        try
        {
            using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
            await client.ConnectAsync(smtp.Host!, smtp.Port, Socket(smtp.Security), ct);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", ct);
            }

            await client.SendAsync(mail.Message, ct);
            await client.DisconnectAsync(quit: true, ct);
            logger.LogInformation("Password-reset mail for user {UserId} sent through {SmtpHost}:{SmtpPort}", mail.UserId, smtp.Host, smtp.Port);
        }
        catch (Exception ex)
        {
            // Not the exception's message: a server refusing the recipient quotes the address ("550 <bob@…>: …").
            logger.LogError("Password-reset mail for user {UserId} could not be sent through {SmtpHost}:{SmtpPort}: {Failure}", mail.UserId, smtp.Host, smtp.Port, Describe(ex));
        }
    }

    /// <summary>What failed, without the server's words: the exception's type and its SMTP or socket code.</summary>
    private static string Describe(Exception ex) => ex switch
    {
        SmtpCommandException command => $"{command.GetType().Name} {(int)command.StatusCode} ({command.ErrorCode})",
        SmtpProtocolException => nameof(SmtpProtocolException),
        System.Net.Sockets.SocketException socket => $"{nameof(System.Net.Sockets.SocketException)} {socket.SocketErrorCode}",
        _ => ex.GetType().Name,
    };

    private static SecureSocketOptions Socket(SmtpSecurity security) => security switch
    {
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };
}
