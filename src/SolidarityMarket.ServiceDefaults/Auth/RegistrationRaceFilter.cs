using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace SolidarityMarket.ServiceDefaults.Auth;

/// <summary>
/// Identity checks that an e-mail is free before it inserts the user, so two registrations of one address (or of
/// <c>A@x</c> and <c>a@x</c>) at the same moment both pass the check, and the second insert is refused by the unique
/// user-name index as a <see cref="DbUpdateException"/> — a 500. When that happens and the address is now taken,
/// this answers what Identity answers for a taken address: a 400 validation problem, nothing created.
/// </summary>
public sealed class RegistrationRaceFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (DbUpdateException) when (context.Arguments.OfType<RegisterRequest>().FirstOrDefault() is not null)
        {
            var request = context.Arguments.OfType<RegisterRequest>().First();
            if (!await IsTakenAsync(context.HttpContext, request.Email))
            {
                throw;
            }

            var describer = context.HttpContext.RequestServices.GetRequiredService<IdentityErrorDescriber>();
            var duplicate = describer.DuplicateUserName(request.Email);
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [duplicate.Code] = [duplicate.Description] });
        }
    }

    private static async Task<bool> IsTakenAsync(HttpContext http, string email)
    {
        // A fresh scope: the request's DbContext still holds the refused insert.
        await using var scope = http.RequestServices.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        return await users.FindByNameAsync(email) is not null;
    }
}
