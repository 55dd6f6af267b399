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

    /// <summary>
    /// Armed when the stop begins (<see cref="DrainTime"/>), cancelled at once when the host stops waiting first: it
    /// ends the send in flight and the drain.
    /// </summary>
    private readonly CancellationTokenSource _deadline = new();

    /// <summary>
    /// Stops taking new work, lets the send in flight finish, then sends what is still waiting — here rather than in
    /// <see cref="ExecuteAsync"/>: a host stopped right after it started may never have run that at all (the base starts
    /// it on the thread pool with the stopping token), and its queue was then dropped without a word (seen in CI). All
    /// of it ends at <see cref="DrainTime"/> or when the host stops waiting (<paramref name="cancellationToken"/>: its
    /// shutdown timeout may be shorter, or mostly spent by the services stopped first), whichever comes first; what is
    /// left is counted in a warning.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _deadline.CancelAfter(DrainTime);
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(_deadline.Token, cancellationToken);
        await base.StopAsync(cancellationToken);
        if (ExecuteTask is { } running)
        {
            // The base's stop was seen returning while a send was still under way: wait for it here.
            await running.WaitAsync(drain.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (drain.IsCancellationRequested)
        {
            _deadline.Cancel(); // the host stopped waiting: end the send in flight too
        }

        var unsent = 0;
        while (outgoing.TryTake(out var mail))
        {
            if (drain.IsCancellationRequested)
            {
                unsent++;
                continue;
            }

            await SendAsync(mail, drain.Token);
        }

        if (unsent > 0)
        {
            logger.LogWarning("{Count} password-reset mails were still waiting when the host stopped and were not sent; those members ask for a new code", unsent);
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _deadline.Dispose();
    }

    /// <summary>Sends each mail as it comes until the host stops; <see cref="StopAsync"/> sends what is left.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (outgoing.TryTake(out var mail))
            {
                await SendAsync(mail, _deadline.Token); // not the stopping token: a send under way is finished
                continue;
            }

            try
            {
                await outgoing.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
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
