using System.Net;
using Microsoft.Extensions.Options;
using MimeKit;

namespace SolidarityMarket.ServiceDefaults.Auth.Email;

/// <summary>
/// Checked at start-up (ValidateOnStart): settings that would send no mail, send it unprotected over the network, or
/// send it from no valid address stop the process with a message naming the setting — rather than leave members
/// waiting for a code that never comes.
/// </summary>
public sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.ResetPageUrl)
            && (!Uri.TryCreate(options.ResetPageUrl, UriKind.Absolute, out var page) || (page.Scheme != Uri.UriSchemeHttps && page.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"Email:ResetPageUrl must be an absolute http(s) URL of the web UI's reset page, such as https://market.example.coop/reset-password; got '{options.ResetPageUrl}'.");
        }

        if (options.SendsMail)
        {
            var smtp = options.Smtp;
            if (string.IsNullOrWhiteSpace(options.From))
            {
                failures.Add("Email:From must be set when Email:Smtp:Host is: the address password-reset mail is sent from.");
            }
            else if (!MailboxAddress.TryParse(options.From, out var from) || from.Address.IndexOf('@', StringComparison.Ordinal) <= 0)
            {
                failures.Add($"Email:From must be one e-mail address, such as market@example.coop or \"Solidarity Market <market@example.coop>\"; got '{options.From}'.");
            }

            if (smtp.Port is < 1 or > 65535)
            {
                failures.Add($"Email:Smtp:Port must be between 1 and 65535; got {smtp.Port}.");
            }

            if (smtp.Security == SmtpSecurity.None && !IsLocal(smtp.Host!))
            {
                failures.Add($"Email:Smtp:Security None sends codes and the SMTP password unencrypted: it is allowed only to a server on this machine (localhost or a loopback address: 127.0.0.0/8, ::1), not to '{smtp.Host}'. Use StartTls or SslOnConnect.");
            }

            if (string.IsNullOrEmpty(smtp.Username) != string.IsNullOrEmpty(smtp.Password))
            {
                failures.Add("Email:Smtp:Username and Email:Smtp:Password must be set together (or neither, for a server that needs no sign-in).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsLocal(string host)
    {
        var bare = host.Trim().Trim('[', ']');
        // Not "*.localhost": whether a resolver keeps those on this machine depends on the resolver.
        return bare.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(bare, out var address) && IPAddress.IsLoopback(address));
    }
}
