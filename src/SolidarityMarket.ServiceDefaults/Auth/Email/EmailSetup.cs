using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.ServiceDefaults.Hosting;

namespace SolidarityMarket.ServiceDefaults.Auth.Email;

public static class EmailSetup
{
    /// <summary>
    /// Password-reset mail through SMTP (<see cref="EmailOptions"/>, checked at start). Without <c>Email:Smtp:Host</c>
    /// Identity's own sender stays, which sends nothing, and a Production start says so once. Call after
    /// <c>AddIdentityApiEndpoints</c>, whose sender this one replaces.
    /// </summary>
    public static IHostApplicationBuilder AddSolidarityEmail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>());

        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{EmailOptions.Section}:Smtp:Host"]))
        {
            if (builder.Environment.IsProduction())
            {
                // Members who forget their password would get no code.
                StartupWarning.Add(builder.Services, typeof(EmailSetup),
                    "Email:Smtp:Host is not set: password-reset e-mails cannot be sent (forgotPassword answers but mails no code). Set Email:Smtp:Host and Email:From (docs/operations.md, \"Password reset\")");
            }

            return builder;
        }

        builder.Services.AddSingleton<OutgoingMail>();
        builder.Services.AddHostedService<MailDelivery>();
        // A singleton: Identity's endpoints resolve their sender once, from the root provider, when they are mapped.
        builder.Services.RemoveAll<IEmailSender<IdentityUser>>();
        builder.Services.AddSingleton<IEmailSender<IdentityUser>, SmtpEmailSender>();
        return builder;
    }
}
