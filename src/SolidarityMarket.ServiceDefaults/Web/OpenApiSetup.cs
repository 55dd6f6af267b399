using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;

namespace SolidarityMarket.ServiceDefaults.Web;

public static class OpenApiSetup
{
    public static IServiceCollection AddSolidarityOpenApi(this IServiceCollection services) => services.AddOpenApi();

    /// <summary>The document at <c>/openapi/v1.json</c> and a browsable reference at <c>/scalar</c>.</summary>
    public static IEndpointRouteBuilder MapSolidarityOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi().AllowAnonymous();
        endpoints.MapScalarApiReference().AllowAnonymous();
        return endpoints;
    }
}
