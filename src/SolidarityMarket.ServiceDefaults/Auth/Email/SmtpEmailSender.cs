using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SolidarityMarket.ServiceDefaults.Auth.Email;

/// <summary>
/// Identity's e-mail sender when <c>Email:Smtp:Host</c> is set. Password-reset codes are queued for
/// <see cref="MailDelivery"/> (so a failing SMTP server can neither turn <c>forgotPassword</c> into a 500 nor tell
/// whether the address has an account). Confirmation mails are not sent (ADR 0032): signing in does not require a
/// confirmed address here, and the link Identity builds points at whichever host the API request came through —
/// for a member who registered in the web UI, the UI's own server-side address, which their browser may not reach.
/// </summary>
public sealed class SmtpEmailSender(OutgoingMail outgoing, IOptions<EmailOptions> options, ILogger<SmtpEmailSender> logger) : IEmailSender<IdentityUser>
{
    public Task SendConfirmationLinkAsync(IdentityUser user, string email, string confirmationLink)
    {
        logger.LogDebug("No confirmation mail sent to user {UserId}: this market does not send them (ADR 0032)", user.Id);
        return Task.CompletedTask;
    }

    public Task SendPasswordResetLinkAsync(IdentityUser user, string email, string resetLink)
    {
        // Only Identity's Razor UI asks for a link; the API endpoints send codes (SendPasswordResetCodeAsync).
        logger.LogDebug("No password-reset link mail sent to user {UserId}: this market sends codes (ADR 0032)", user.Id);
        return Task.CompletedTask;
    }

    /// <param name="resetCode">HTML-encoded, as Identity hands it over; decoded here and encoded again for each part of the mail.</param>
    public Task SendPasswordResetCodeAsync(IdentityUser user, string email, string resetCode)
    {
        if (!MimeKit.MailboxAddress.TryParse(email, out _))
        {
            // Identity accepts addresses MIME does not (x@example..com); dropped here rather than failing the request,
            // which would answer this address differently from an unknown one.
            logger.LogError("Password-reset mail for user {UserId} not sent: the stored address is not one a mail can be sent to", user.Id);
            return Task.CompletedTask;
        }

        var message = PasswordResetMail.Build(options.Value, email, WebUtility.HtmlDecode(resetCode));
        if (!outgoing.TryAdd(new QueuedMail(user.Id, message)))
        {
            logger.LogError("Password-reset mail for user {UserId} dropped: {Capacity} mails are already waiting to be sent", user.Id, OutgoingMail.Capacity);
        }

        return Task.CompletedTask;
    }
}
