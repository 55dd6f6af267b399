using SolidarityMarket.Ledger.Data;

namespace SolidarityMarket.Ledger.Features;

/// <summary>An exchange as any signed-in user may see it: which one, its unit and the fee it charges on a trade.</summary>
public sealed record ExchangeDto(string Id, string Name, string Unit, int FeeBasisPoints);

/// <summary>
/// <c>GET /api/ledger/exchanges</c>: the exchanges a member can open an account in (they are configured, not fixed:
/// <c>Ledger:Exchanges</c>), ordered by id. Their system accounts and journal heads stay private.
/// </summary>
public static class ListExchanges
{
    public static void Map(IEndpointRouteBuilder group) => group.MapGet("/exchanges", Handle).WithName("ListExchanges");

    public static async Task<Ok<List<ExchangeDto>>> Handle(LedgerDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Exchanges.AsNoTracking().OrderBy(x => x.Id).Select(x => new ExchangeDto(x.Id, x.Name, x.Unit, x.FeeBasisPoints)).ToListAsync(ct));
}
