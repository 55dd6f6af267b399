using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ordering.Features.Orders;

/// <summary>
/// What the people around an order may do to it, shared by the action endpoints: who may act, then the state
/// machine. A repeat of an action already applied answers 200 with the order (idempotent); an action not allowed
/// in the order's status answers 409 and changes nothing; someone who may not see the order gets 404, someone who
/// may see it but not act (a buyer fulfilling) 403.
/// </summary>
public static class OrderActions
{
    public const int MaxReasonLength = OrderHistoryEntry.MaxReasonLength;

    /// <summary>Optional free text for the history (e.g. why it was cancelled).</summary>
    public sealed record ReasonRequest(string? Reason);

    [Flags]
    public enum Who
    {
        Buyer = 1,
        VendorStaff = 2,
        Admin = 4,

        /// <summary>
        /// An administrator who is not a party to the order: neither its buyer nor on the vendor's staff (Ordering's
        /// copy of the staff, from <c>VendorRegistered</c>). Nobody decides a dispute they are in.
        /// </summary>
        ImpartialAdmin = 8,
    }

    public static RequestErrors Validate(ReasonRequest? body) => new RequestErrors().Text(body?.Reason, "reason", MaxReasonLength, required: false);

    public static async Task<IResult> RunAsync(
        Guid id, Who allowed, OrderTrigger trigger, string? reason, ClaimsPrincipal user, OrderingDbContext db, OrderingAccess access,
        OrderWorkflow workflow, ILogger logger, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var order = await db.Orders.FirstOrDefaultAsync(o => o.Id == id, ct);
            if (order is null || !await access.MaySeeAsync(user, order, ct))
            {
                return OrderingProblems.NotFound($"Order {id}");
            }

            if (!await MayActAsync(allowed, user, order, access, ct))
            {
                logger.LogWarning("User {UserId} may not {Trigger} order {OrderId}", user.UserId(), trigger, id);
                return allowed.HasFlag(Who.ImpartialAdmin) && user.IsAdmin()
                    ? OrderingProblems.NotImpartialAdmin($"You may not {Words(trigger)} this order: you are its buyer or on the vendor's staff, so another administrator must.")
                    : OrderingProblems.Forbidden($"You may not {Words(trigger)} this order.");
            }

            var decision = await workflow.ApplyAsync(order, trigger, user.UserId(), string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), ct);
            if (decision.Kind is TransitionKind.Refused or TransitionKind.Late)
            {
                return OrderingProblems.Conflict("order-status", $"An order that is {order.Status} cannot be {Past(trigger)}.");
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // A message changed the order meanwhile (e.g. payment arrived): decide again on the fresh state.
                continue;
            }
            catch (DbUpdateConcurrencyException)
            {
                return OrderingProblems.Conflict("order-changed", "The order changed while this action was applied; try again.");
            }

            return await AnswerAsync(db, id, ct);
        }
    }

    /// <summary>200 with the order as saved, lines and history (the answer of every action).</summary>
    public static async Task<IResult> AnswerAsync(OrderingDbContext db, Guid id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var saved = await db.Orders.AsNoTracking().Include(o => o.Lines).FirstAsync(o => o.Id == id, ct);
        var history = await db.OrderHistory.AsNoTracking().Where(h => h.OrderId == id).ToListAsync(ct);
        return TypedResults.Ok(OrderDto.From(saved, history));
    }

    private static async Task<bool> MayActAsync(Who allowed, ClaimsPrincipal user, Order order, OrderingAccess access, CancellationToken ct) =>
        (allowed.HasFlag(Who.Buyer) && order.BuyerUserId == user.UserId())
        || (allowed.HasFlag(Who.Admin) && user.IsAdmin())
        || (allowed.HasFlag(Who.ImpartialAdmin) && user.IsAdmin() && order.BuyerUserId != user.UserId() && !await access.IsVendorStaffAsync(user, order.VendorId, ct))
        || (allowed.HasFlag(Who.VendorStaff) && await access.IsVendorStaffAsync(user, order.VendorId, ct));

    private static string Words(OrderTrigger trigger) => trigger switch
    {
        OrderTrigger.ConfirmReceipt => "confirm receipt of",
        OrderTrigger.ResolveCompleted or OrderTrigger.ResolveRefunded => "resolve",
        _ => trigger.ToString().ToLowerInvariant(),
    };

    private static string Past(OrderTrigger trigger) => trigger switch
    {
        OrderTrigger.Fulfil => "fulfilled",
        OrderTrigger.ConfirmReceipt => "confirmed as received",
        OrderTrigger.Cancel => "cancelled",
        OrderTrigger.Dispute => "disputed",
        _ => "resolved",
    };
}
