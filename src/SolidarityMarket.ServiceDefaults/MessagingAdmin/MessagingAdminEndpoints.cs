using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.ServiceDefaults.MessagingAdmin;

/// <summary>
/// <c>/admin/messaging/{service}/...</c> (Admin role): the failed deliveries and the stuck outbox rows of a service
/// hosted by this process ({service} is its schema: catalog, ordering, ledger), and what an operator can do with them.
/// </summary>
public static class MessagingAdminEndpoints
{
    public static IEndpointRouteBuilder MapMessagingAdmin(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/admin/messaging/{service}").RequireAuthorization(Policies.Admin).WithTags("Messaging admin");
        group.MapGet("/failed", ListFailedMessages.HandleAsync);
        group.MapPost("/failed/{queue}/{messageId:guid}/replay", ReplayFailedMessage.HandleAsync);
        group.MapPost("/failed/{queue}/{messageId:guid}/discard", DiscardFailedMessage.HandleAsync);
        group.MapGet("/outbox", ListStuckOutboxMessages.HandleAsync);
        group.MapPost("/outbox/{id:guid}/retry", RetryOutboxMessageNow.HandleAsync);
        return endpoints;
    }

    internal static IResult UnknownService(string service) =>
        TypedResults.Problem(detail: $"This process hosts no service '{service}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found", type: ProblemTypes.ForStatus(404));

    internal static IResult NotFound(string what) =>
        TypedResults.Problem(detail: $"{what} was not found.", statusCode: StatusCodes.Status404NotFound, title: "Not found", type: ProblemTypes.ForStatus(404));

    internal static IResult Conflict(string code, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict", type: ProblemTypes.Named(code));
}
