using MassTransit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.ServiceDefaults.Hosting;

/// <summary>
/// The host's one-shot commands: <c>migrate</c> applies the selected modules' migrations and, with RabbitMQ,
/// declares their queues, exchanges and bindings (so that an event published before its consumers' first start is
/// kept in their queues, not dropped by a broker that has nowhere to route it), and exits;
/// <c>grant-admin EMAIL</c> / <c>revoke-admin EMAIL</c> give or take the Admin role of a registered user (after the
/// same migrations). No API grants Admin — an administrator could otherwise make more administrators with a stolen
/// token — so outside demo mode this command, run by whoever operates the deployment, is how the first one is made.
/// Every other argument is left to the web host (settings such as <c>--Modules=Catalog</c>).
/// </summary>
public sealed class HostCommand
{
    private const string Migrate = "migrate";
    private const string GrantAdmin = "grant-admin";
    private const string RevokeAdmin = "revoke-admin";

    private HostCommand(string? name, string? email, string[] hostArguments, string? error)
    {
        Name = name;
        Email = email;
        HostArguments = hostArguments;
        Error = error;
    }

    /// <summary>The command, or null when the host should serve.</summary>
    public string? Name { get; }

    public string? Email { get; }

    /// <summary>The arguments meant for the web host (the command and its operand removed).</summary>
    public string[] HostArguments { get; }

    /// <summary>Why the command line cannot be run (a missing e-mail), or null.</summary>
    public string? Error { get; }

    public bool IsCommand => Name is not null;

    public static HostCommand Parse(string[] args)
    {
        var index = Array.FindIndex(args, a => a is Migrate or GrantAdmin or RevokeAdmin);
        if (index < 0)
        {
            return new HostCommand(null, null, args, null);
        }

        var name = args[index];
        if (name == Migrate)
        {
            return new HostCommand(name, null, Without(args, index, 1), null);
        }

        return index + 1 < args.Length && !args[index + 1].StartsWith('-')
            ? new HostCommand(name, args[index + 1], Without(args, index, 2), null)
            : new HostCommand(name, null, Without(args, index, 1), $"usage: {name} EMAIL (the e-mail of a registered user)");
    }

    private static string[] Without(string[] args, int index, int count) => [.. args[..index], .. args[(index + count)..]];

    /// <summary>Settings a command needs: migrations applied, no demo data (a command must not seed demo users).</summary>
    public void Configure(IConfiguration configuration)
    {
        if (IsCommand)
        {
            configuration["Database:MigrateOnStartup"] = "true";
            configuration["Demo:Enabled"] = "false";
            configuration[MessagingExtensions.DeployTopologyOnlyKey] = "true";
        }
    }

    /// <summary>Runs the command; returns the process exit code (0 done, 1 refused, 2 bad usage).</summary>
    public async Task<int> RunAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        if (Error is not null)
        {
            logger.LogError("{Error}", Error);
            return 2;
        }

        await StartupTaskRunner.RunAllAsync(services, logger, cancellationToken);
        if (Name == Migrate)
        {
            if (RabbitMqSettings.From(services.GetRequiredService<IConfiguration>()) is not null)
            {
                await services.GetRequiredService<IBusControl>().DeployAsync(cancellationToken);
                logger.LogInformation("RabbitMQ topology of the selected modules declared");
            }

            return 0;
        }

        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = await users.FindByEmailAsync(Email!);
        if (user is null)
        {
            logger.LogError("No registered user has the e-mail {Email}; register first (POST /api/auth/register)", Email);
            return 1;
        }

        var granting = Name == GrantAdmin;
        if (await users.IsInRoleAsync(user, Roles.Admin) == granting)
        {
            logger.LogWarning("{Email} {State} the Admin role already; nothing changed", Email, granting ? "has" : "does not have");
            return 0;
        }

        var result = granting ? await users.AddToRoleAsync(user, Roles.Admin) : await users.RemoveFromRoleAsync(user, Roles.Admin);
        if (!result.Succeeded)
        {
            logger.LogError("Could not change the Admin role of {Email}: {Errors}", Email, string.Join("; ", result.Errors.Select(e => e.Description)));
            return 1;
        }

        // A new security stamp ends the user's refresh tokens at once, and every process refuses the tokens and cookies
        // already issued within Auth:UserCheckInterval (SignedInUserCheck, ADR 0018).
        await users.UpdateSecurityStampAsync(user);
        logger.LogWarning("{Email} (user {UserId}) {Change} the Admin role", Email, user.Id, granting ? "was given" : "lost");
        return 0;
    }
}
