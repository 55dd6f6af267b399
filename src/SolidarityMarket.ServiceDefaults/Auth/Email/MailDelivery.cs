using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SolidarityMarket.ServiceDefaults.Auth.Email;

/// <summary>
/// Sends the mails of <see cref="OutgoingMail"/> one by one through the SMTP server of <c>Email:Smtp:*</c> (MailKit),
/// one connection per mail (a few mails a day). A mail that cannot be sent is logged as an error naming the user and
/// the server, never the code, and not retried: the member asks for a new code.
/// </summary>
public sealed class MailDelivery(OutgoingMail outgoing, IOptions<EmailOptions> options, ILogger<MailDelivery> logger) : BackgroundService
{
    /// <summary>Bounds each SMTP step (connect, sign-in, send) against a server that stops answering.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var smtp = options.Value.Smtp;
        await foreach (var mail in outgoing.ReadAllAsync(stoppingToken))
        {
            try
            {
                using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
                await client.ConnectAsync(smtp.Host!, smtp.Port, Socket(smtp.Security), stoppingToken);
                if (!string.IsNullOrEmpty(smtp.Username))
                {
                    await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", stoppingToken);
                }

                await client.SendAsync(mail.Message, stoppingToken);
                await client.DisconnectAsync(quit: true, stoppingToken);
                logger.LogInformation("Password-reset mail for user {UserId} sent through {SmtpHost}:{SmtpPort}", mail.UserId, smtp.Host, smtp.Port);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Not the exception's message: a server refusing the recipient quotes the address ("550 <bob@…>: …").
                logger.LogError("Password-reset mail for user {UserId} could not be sent through {SmtpHost}:{SmtpPort}: {Failure}", mail.UserId, smtp.Host, smtp.Port, Describe(ex));
            }
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
