using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.Contracts.Ordering;
using SolidarityMarket.Ordering.Data;
using SolidarityMarket.Ordering.Orders;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Messaging;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ordering.Features.Checkouts;

/// <summary>
/// <c>POST /api/ordering/checkouts</c> (<see cref="CheckoutRequest"/>): splits the lines into one order per vendor, each
/// paid as the buyer chose for that vendor, with prices frozen from Ordering's listing copy. Idempotent per buyer
/// and key: the same key and body answer the stored checkout again; the same key with another body is 409. Bad input
/// (400), unknown listings (404) and what the read copies forbid (409: unpublished, above known stock, card for a
/// vendor without a valid certificate or charges, card orders above <see cref="MaxCardAmountCents"/> together, credits
/// without a credit price or a vendor credit account) store
/// nothing. On success each order is Submitted: ReserveStock is sent to Catalog and OrderSubmitted published.
/// </summary>
public static class CreateCheckout
{
    /// <summary>The largest card payment: Stripe's limit for USD (99,999,999 cents); a larger PaymentIntent is refused.</summary>
    public const long MaxCardAmountCents = 99_999_999;

    /// <summary>Stripe's smallest USD charge (50 cents); a smaller PaymentIntent is refused and the orders would never be payable.</summary>
    public const long MinCardAmountCents = 50;

    // The three queries every checkout runs, compiled: EF's per-call expression work is skipped (docs/performance.md,
    // "Compiled queries and no read-after-write"). Same SQL as the LINQ they replace.
    private static readonly CompiledQueryPerModel<Func<OrderingDbContext, string, string, CancellationToken, Task<Checkout?>>> CheckoutByKeyQuery = new(() =>
        EF.CompileAsyncQuery((OrderingDbContext db, string userId, string key, CancellationToken ct) =>
            db.Checkouts.AsNoTracking().FirstOrDefault(c => c.BuyerUserId == userId && c.IdempotencyKey == key)));

    private static readonly CompiledQueryPerModel<Func<OrderingDbContext, List<Guid>, IAsyncEnumerable<ListingCopy>>> ListingsQuery = new(() =>
        EF.CompileAsyncQuery((OrderingDbContext db, List<Guid> ids) => db.Listings.AsNoTracking().Where(l => ids.Contains(l.ListingId))));

    private static readonly CompiledQueryPerModel<Func<OrderingDbContext, List<Guid>, IAsyncEnumerable<VendorCopy>>> VendorsQuery = new(() =>
        EF.CompileAsyncQuery((OrderingDbContext db, List<Guid> ids) => db.Vendors.AsNoTracking().Where(v => ids.Contains(v.VendorId))));

    public static void Map(IEndpointRouteBuilder group) => group.MapPost("/checkouts", Handle).WithName("CreateCheckout");

    public static async Task<IResult> Handle(CheckoutRequest? body, ClaimsPrincipal user, OrderingDbContext db, TimeProvider time, ILogger<CheckoutRequest> logger, CancellationToken ct)
    {
        if (body is null)
        {
            return OrderingProblems.Invalid(new RequestErrors().Add("body", "A checkout request is required."));
        }

        var errors = body.Validate();
        if (errors.Any)
        {
            return OrderingProblems.Invalid(errors);
        }

        var userId = user.UserId();
        var key = body.IdempotencyKey!.Trim();
        var hash = body.Hash();
        if (await ReplayAsync(db, userId, key, hash, ct) is { } replay)
        {
            return replay;
        }

        // Whole microseconds: PostgreSQL stores no finer, and the answer below is built from these values, so it must
        // equal what a replay of the same key reads back.
        var now = TruncateToMicroseconds(time.GetUtcNow());
        var planned = await PlanAsync(body, db, now, ct);
        if (planned.Problem is { } problem)
        {
            return problem;
        }

        var checkout = new Checkout { Id = Guid.CreateVersion7(now), BuyerUserId = userId, IdempotencyKey = key, RequestHash = hash, CreatedAt = now };
        var orders = planned.Orders!;
        foreach (var order in orders)
        {
            order.CheckoutId = checkout.Id;
            order.BuyerUserId = userId;
            order.History.Add(new OrderHistoryEntry { OrderId = order.Id, Status = OrderStatus.Submitted, At = now, Actor = userId, Reason = "checkout" });
            db.Send(new ReserveStock(order.Id, [.. order.Lines.Select(l => new StockLine(l.ListingId, l.Quantity))]), Queues.ReserveStock, now);
            db.Publish(new OrderSubmitted(order.Id, checkout.Id, userId, order.VendorId, order.PaymentMethod == PaymentMethod.Card ? "card" : "credits", order.Total,
                [.. order.Lines.Select(l => new OrderLineItem(l.ListingId, l.Quantity, l.UnitPrice))], now), now);
        }

        checkout.CardOrdersAwaitingStock = orders.Count(o => o.PaymentMethod == PaymentMethod.Card);
        db.Checkouts.Add(checkout);
        db.Orders.AddRange(orders);
        var bought = body.Lines!.Select(l => l.ListingId).ToList();
        try
        {
            // The bought lines leave the cart in the checkout's transaction, by a DELETE that does not care whether
            // they are still there: the buyer may remove one at the same moment (tracked deletes made that a
            // concurrency error, answered 500).
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await db.CartLines.Where(c => c.BuyerUserId == userId && bought.Contains(c.ListingId)).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same key was used by a concurrent request that committed first: answer as a retry would.
            var raced = await ReplayAsync(db, userId, key, hash, ct);
            if (raced is null)
            {
                throw;
            }

            logger.LogInformation("Checkout key {Key} of {UserId} raced; answered with the stored checkout", key, userId);
            return raced;
        }

        // Answered from the entities just saved rather than read back (two fewer queries per checkout): they are
        // exactly what was committed, and a replay of the key reads the same values from the database.
        return TypedResults.Created($"/api/ordering/checkouts/{checkout.Id}", CheckoutDto.From(checkout, orders));
    }

    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) => value.AddTicks(-(value.Ticks % 10));

    private static async Task<IResult?> ReplayAsync(OrderingDbContext db, string userId, string key, string hash, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var existing = await CheckoutByKeyQuery.For(db)(db, userId, key, ct);
        if (existing is null)
        {
            return null;
        }

        return existing.RequestHash == hash
            ? TypedResults.Created($"/api/ordering/checkouts/{existing.Id}", await CheckoutDto.LoadAsync(db, existing.Id, ct))
            : OrderingProblems.Conflict("idempotency-key-reused", $"Checkout key '{key}' was already used for a different request.");
    }

    private sealed record Plan(List<Order>? Orders, IResult? Problem);

    private static Plan Fail(IResult problem) => new(null, problem);

    /// <summary>Checks the lines and payments against the read copies and builds one order per vendor.</summary>
    private static async Task<Plan> PlanAsync(CheckoutRequest body, OrderingDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var ids = body.Lines!.Select(l => l.ListingId).ToList();
        var listings = await ListingsQuery.For(db)(db, ids).ToDictionaryAsync(l => l.ListingId, cancellationToken: ct);
        foreach (var line in body.Lines!)
        {
            if (!listings.TryGetValue(line.ListingId, out var listing))
            {
                return Fail(OrderingProblems.NotFound($"Listing {line.ListingId}"));
            }

            if (!listing.IsPublished)
            {
                return Fail(OrderingProblems.Conflict("listing-not-published", $"Listing {line.ListingId} is not published."));
            }

            if (listing.Stock is { } stock && line.Quantity > stock)
            {
                return Fail(OrderingProblems.Conflict("insufficient-stock", $"Only {stock} of listing {line.ListingId} are available."));
            }
        }

        var payments = (body.Payments ?? []).ToDictionary(p => p.VendorId);
        var vendorIds = listings.Values.Select(l => l.VendorId).Distinct().ToList();
        var errors = new RequestErrors();
        foreach (var vendorId in vendorIds.Where(v => !payments.ContainsKey(v)))
        {
            errors.Add("payments", $"Choose card or credits for vendor {vendorId}.");
        }

        foreach (var vendorId in payments.Keys.Where(v => !vendorIds.Contains(v)))
        {
            errors.Add("payments", $"Vendor {vendorId} has no line in this checkout.");
        }

        if (errors.Any)
        {
            return Fail(OrderingProblems.Invalid(errors));
        }

        var vendors = await VendorsQuery.For(db)(db, vendorIds).ToDictionaryAsync(v => v.VendorId, cancellationToken: ct);
        var orders = new List<Order>();
        foreach (var vendorId in vendorIds)
        {
            var payment = payments[vendorId];
            var method = CheckoutRequest.Parse(payment.Method)!.Value;
            var lines = body.Lines!.Where(l => listings[l.ListingId].VendorId == vendorId).ToList();
            vendors.TryGetValue(vendorId, out var vendor);
            if (method == PaymentMethod.Card && (vendor is null || !vendor.AcceptsCardAt(now)))
            {
                return Fail(OrderingProblems.Conflict("card-not-accepted", $"Vendor {vendorId} cannot take card payments (a valid certificate and an account with charges enabled are required)."));
            }

            // VendorRegistered and CreditAccountOpened arrive on separate queues; when both are handled at the same
            // moment neither transaction sees the other's row (write skew), so the vendor copy may lack the account
            // that the account copies hold. Looking there too makes the outcome independent of arrival timing.
            var payeeAccountId = method == PaymentMethod.Credits
                ? vendor?.CreditAccountId ?? await db.CreditAccounts.AsNoTracking().Where(a => a.OwnerId == vendorId)
                    .OrderBy(a => a.OpenedAt).Select(a => (Guid?)a.AccountId).FirstOrDefaultAsync(ct)
                : null;
            if (method == PaymentMethod.Credits && (vendor is null || payeeAccountId is null))
            {
                return Fail(OrderingProblems.Conflict("vendor-without-credit-account", $"Vendor {vendorId} has no credit account yet."));
            }

            var priced = lines.Select(l => (Line: l, Listing: listings[l.ListingId], Price: method == PaymentMethod.Card ? listings[l.ListingId].PriceCents : listings[l.ListingId].PriceCredits)).ToList();
            if (priced.FirstOrDefault(p => p.Price is null) is { Listing: not null } unpriced)
            {
                return Fail(method == PaymentMethod.Credits
                    ? OrderingProblems.Conflict("no-credit-price", $"Listing {unpriced.Line.ListingId} has no credit price.")
                    : OrderingProblems.Conflict("no-card-price", $"Listing {unpriced.Line.ListingId} has no card price."));
            }

            var id = Guid.CreateVersion7(now);
            orders.Add(new Order
            {
                Id = id,
                VendorId = vendorId,
                PaymentMethod = method,
                Status = OrderStatus.Submitted,
                Total = priced.Sum(p => p.Price!.Value * p.Line.Quantity),
                PayerAccountId = method == PaymentMethod.Credits ? payment.PayerAccountId : null,
                PayeeAccountId = payeeAccountId,
                CreatedAt = now,
                UpdatedAt = now,
                Lines = [.. priced.Select((p, i) => new OrderLine { OrderId = id, LineNumber = i + 1, ListingId = p.Line.ListingId, Title = p.Listing.Title, Quantity = p.Line.Quantity, UnitPrice = p.Price!.Value })],
            });
        }

        // One card payment per checkout: its amount must be one the provider takes (Stripe: at most eight digits, at least 50 cents).
        var cardCents = orders.Where(o => o.PaymentMethod == PaymentMethod.Card).Sum(o => o.Total);
        if (cardCents > MaxCardAmountCents)
        {
            return Fail(OrderingProblems.Conflict("card-amount-too-large", $"A card payment can be at most {MaxCardAmountCents} cents; this checkout's card orders come to {cardCents}."));
        }

        if (cardCents is > 0 and < MinCardAmountCents)
        {
            return Fail(OrderingProblems.Conflict("card-amount-too-small", $"A card payment must be at least {MinCardAmountCents} cents; this checkout's card orders come to {cardCents}."));
        }

        return new Plan(orders, null);
    }
}
