using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Ledger.Tests.Posting;

/// <summary>The Posting tests' way into a host's ledger database: a fresh scope and context per call.</summary>
internal static class LedgerDbAccess
{
    public static async Task<T> WithDbAsync<T>(MarketplaceFactory factory, Func<LedgerDbContext, Task<T>> read)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<LedgerDbContext>());
    }
}
