namespace SolidarityMarket.ServiceDefaults.Auth.Email;

/// <summary>How the connection to the SMTP server is protected (<c>Email:Smtp:Security</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS, which the server must offer (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,

    /// <summary>No TLS at all: allowed only to a server on this machine (a local relay, a test server).</summary>
    None,
}

/// <summary>The SMTP server password-reset mail goes through (<c>Email:Smtp:*</c>).</summary>
public sealed class SmtpOptions
{
    /// <summary>Unset: no mail is sent at all (Identity's own behaviour).</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? Username { get; set; }

    /// <summary>From the environment or a secret store only (<c>Email__Smtp__Password</c>), never a settings file.</summary>
    public string? Password { get; set; }

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
}

/// <summary>
/// Outgoing e-mail (<c>Email:*</c>): the password-reset codes of <c>POST /api/auth/forgotPassword</c> (ADR 0032).
/// Checked at start by <see cref="EmailOptionsValidator"/>.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The sender, <c>market@example.coop</c> or <c>Solidarity Market &lt;market@example.coop&gt;</c>; required with a host.</summary>
    public string? From { get; set; }

    /// <summary>
    /// The web UI's reset page (absolute http(s) URL, e.g. <c>https://market.example.coop/reset-password</c>); when set,
    /// the mail carries a link to it with the address and the code filled in, besides the code itself.
    /// </summary>
    public string? ResetPageUrl { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    public bool SendsMail => !string.IsNullOrWhiteSpace(Smtp.Host);
}
