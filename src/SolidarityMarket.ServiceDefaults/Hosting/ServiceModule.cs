using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace SolidarityMarket.ServiceDefaults.Hosting;

/// <summary>
/// One service of the marketplace (Catalog, Ordering, Ledger). The host picks which ones run in a process
/// from the <c>Modules</c> setting and calls <see cref="Add"/> before building and <see cref="Map"/> after.
/// </summary>
public interface IServiceModule
{
    /// <summary>The module's name as written in the <c>Modules</c> setting, e.g. "Ledger".</summary>
    string Name { get; }

    /// <summary>Registers the module's data, consumers, jobs and handlers.</summary>
    void Add(IHostApplicationBuilder builder);

    /// <summary>Maps the module's endpoints under <c>/api/{name}</c>.</summary>
    void Map(IEndpointRouteBuilder endpoints);
}
