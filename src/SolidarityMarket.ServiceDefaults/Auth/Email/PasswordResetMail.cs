using System.Net;
using MimeKit;

namespace SolidarityMarket.ServiceDefaults.Auth.Email;

/// <summary>
/// The mail carrying a password-reset code: plain text, and the same as simple HTML with everything encoded. With
/// <see cref="EmailOptions.ResetPageUrl"/> set it also links to the web UI's reset page with the address and the
/// code filled in (<c>?email=…&amp;code=…</c>).
/// </summary>
public static class PasswordResetMail
{
    public const string Subject = "Your Solidarity Market password reset code";

    public static MimeMessage Build(EmailOptions options, string email, string code)
    {
        var link = ResetLink(options.ResetPageUrl, email, code);
        var text = $"""
            Someone, we hope you, asked to reset the password of the Solidarity Market account {email}.

            Your reset code:

            {code}

            {(link is null
                ? "Enter it with your e-mail address and a new password on the \"Reset your password\" page."
                : $"Open this link to choose a new password:\n{link}\n\nor enter the code with your e-mail address on the \"Reset your password\" page.")}
            The code works once, until you next change your password, and for at most a day.

            If you did not ask for it, ignore this mail: your password stays as it is.
            """;

        var html = $"""
            <p>Someone, we hope you, asked to reset the password of the Solidarity Market account {Html(email)}.</p>
            <p>Your reset code:</p>
            <p><code>{Html(code)}</code></p>
            {(link is null
                ? "<p>Enter it with your e-mail address and a new password on the “Reset your password” page.</p>"
                : $"<p><a href=\"{Html(link)}\">Choose a new password</a>, or enter the code with your e-mail address on the “Reset your password” page.</p>")}
            <p>The code works once, until you next change your password, and for at most a day.</p>
            <p>If you did not ask for it, ignore this mail: your password stays as it is.</p>
            """;

        var message = new MimeMessage { Subject = Subject };
        message.From.Add(MailboxAddress.Parse(options.From!));
        message.To.Add(MailboxAddress.Parse(email));
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return message;
    }

    /// <summary>The reset page's address with <c>email</c> and <c>code</c> added to its query (URL-encoded); null without a page.</summary>
    public static string? ResetLink(string? resetPageUrl, string email, string code)
    {
        if (string.IsNullOrWhiteSpace(resetPageUrl))
        {
            return null;
        }

        var separator = resetPageUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return $"{resetPageUrl}{separator}email={Uri.EscapeDataString(email)}&code={Uri.EscapeDataString(code)}";
    }

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
