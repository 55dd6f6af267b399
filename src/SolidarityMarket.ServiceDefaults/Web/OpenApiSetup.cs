using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;

namespace SolidarityMarket.ServiceDefaults.Web;

public static class OpenApiSetup
{
    /// <summary>
    /// The OpenAPI document. Use cases declare their request and response records nested in the use case's class
    /// (<c>SubmitTransfer.Request</c>, <c>OpenAccount.Request</c>); schema ids carry the declaring class's name so
    /// that those schemas do not overwrite each other in the document.
    /// </summary>
    public static IServiceCollection AddSolidarityOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.CreateSchemaReferenceId = type =>
        {
            var id = OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            for (var declaring = type.Type.DeclaringType; id is not null && declaring is not null; declaring = declaring.DeclaringType)
            {
                id = declaring.Name + id;
            }

            return id;
        });

    /// <summary>The document at <c>/openapi/v1.json</c> and a browsable reference at <c>/scalar</c>.</summary>
    public static IEndpointRouteBuilder MapSolidarityOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi().AllowAnonymous();
        endpoints.MapScalarApiReference().AllowAnonymous();
        return endpoints;
    }
}
