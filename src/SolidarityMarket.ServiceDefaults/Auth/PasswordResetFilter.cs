using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace SolidarityMarket.ServiceDefaults.Auth;

/// <summary>
/// Answers <c>forgotPassword</c> and <c>resetPassword</c> as Identity's own handlers do, less one condition: Identity
/// serves only users whose e-mail address is confirmed, and this market never asks anyone to confirm theirs (no
/// confirmation mail, ADR 0032) — so nobody who joined through <c>/register</c> could ever reset a forgotten
/// password. The code goes to the address, so whoever uses it controls that mailbox: a successful reset confirms the
/// address. As Identity's, both answer the same whether or not the address has an account (forgotPassword: 200;
/// resetPassword: the invalid-token problem).
/// </summary>
public sealed class PasswordResetFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            switch (argument)
            {
                case ForgotPasswordRequest forgot:
                    await SendCodeAsync(context.HttpContext.RequestServices, forgot.Email);
                    return TypedResults.Ok();
                case ResetPasswordRequest reset:
                    return await ResetAsync(context.HttpContext.RequestServices, reset);
            }
        }

        return await next(context);
    }

    private static async Task SendCodeAsync(IServiceProvider services, string? email)
    {
        var users = services.GetRequiredService<UserManager<IdentityUser>>();
        if (string.IsNullOrWhiteSpace(email) || await users.FindByEmailAsync(email) is not { Email: { } stored } user)
        {
            return;
        }

        // Identity's code format: the token, base64url (what resetPassword decodes); the sender gets it HTML-encoded.
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        // To the address stored, not the one typed: the look-up normalises Unicode (a Kelvin sign finds a "k"), and the
        // code must reach the account's own mailbox, not a look-alike an attacker may own.
        await services.GetRequiredService<IEmailSender<IdentityUser>>().SendPasswordResetCodeAsync(user, stored, HtmlEncoder.Default.Encode(code));
    }

    private static async Task<IResult> ResetAsync(IServiceProvider services, ResetPasswordRequest request)
    {
        var users = services.GetRequiredService<UserManager<IdentityUser>>();
        // JSON null passes a required member: a missing part answers as a wrong code does, for every address alike (a
        // 500 for known addresses only would tell which have an account).
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.ResetCode) || request.NewPassword is null
            || await users.FindByEmailAsync(request.Email) is not { } user)
        {
            return Problem(IdentityResult.Failed(users.ErrorDescriber.InvalidToken()));
        }

        IdentityResult result;
        try
        {
            var token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(request.ResetCode));
            result = await users.ResetPasswordAsync(user, token, request.NewPassword);
        }
        catch (FormatException)
        {
            result = IdentityResult.Failed(users.ErrorDescriber.InvalidToken());
        }

        if (!result.Succeeded)
        {
            return Problem(result);
        }

        if (!await users.IsEmailConfirmedAsync(user))
        {
            // The code proved the mailbox; the password is changed whether or not this is stored.
            await users.ConfirmEmailAsync(user, await users.GenerateEmailConfirmationTokenAsync(user));
        }

        return TypedResults.Ok();
    }

    /// <summary>Identity's refusal: a validation problem, the errors keyed by their codes.</summary>
    private static IResult Problem(IdentityResult result) =>
        TypedResults.ValidationProblem(result.Errors
            .GroupBy(e => e.Code)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
}
