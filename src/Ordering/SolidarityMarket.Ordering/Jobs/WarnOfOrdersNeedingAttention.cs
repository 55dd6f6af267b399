using Microsoft.Extensions.Logging;
using SolidarityMarket.Ordering.Orders;

namespace SolidarityMarket.Ordering.Jobs;

/// <summary>
/// Hourly (Hangfire, "ordering" queue): logs a warning for every order on the attention list, so an operator
/// watching logs or alerts learns of an overdue dispute or a refused settlement without opening the list.
/// </summary>
public sealed class WarnOfOrdersNeedingAttention(OrdersNeedingAttention attention, ILogger<WarnOfOrdersNeedingAttention> logger)
{
    public const string JobId = "ordering-warn-orders-needing-attention";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var items = await attention.ListAsync(ct);
        foreach (var item in items)
        {
            logger.LogWarning("Order {OrderId} ({Status}, {PaymentMethod}) needs an administrator: {Kind}. {Detail}", item.OrderId, item.Status, item.PaymentMethod, item.Kind, item.Detail);
        }

        return items.Count;
    }
}
