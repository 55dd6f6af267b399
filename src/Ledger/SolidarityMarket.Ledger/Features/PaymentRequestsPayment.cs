using System.Security.Claims;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.Ledger.Posting;
using SolidarityMarket.ServiceDefaults.Auth;

namespace SolidarityMarket.Ledger.Features;

/// <summary>
/// Paying a request: one trade from the payer to the payee through the ledger writer, whose id is derived from the
/// request's (<see cref="PaymentRequest.PaymentTradeIdFor"/>), so however often and however concurrently it is
/// attempted the ledger applies it once. Three steps, each under the row's optimistic concurrency token:
/// <list type="number">
/// <item><b>claim</b> — record the trade id on the request (bumping its version). While claimed, the request can be
/// neither cancelled nor declined, so a payee cannot cancel a request whose payment is on its way;</item>
/// <item><b>pay</b> — plan and submit the trade for what is outstanding (the amount less any clearing set-off),
/// unless the ledger already has it (checked by content: payer, payee, amount — the id is derivable, so a trade
/// someone else put under it does not count). If the ledger refuses it (limits,
/// frozen account, ...) the claim is released — only if no other attempt has claimed since — and the caller gets the
/// ledger's ProblemDetails: the request is as it was;</item>
/// <item><b>mark paid</b> — status Paid with the trade id. The ledger is the truth: once the trade is applied the
/// request is Paid, whatever else happened to the row meanwhile.</item>
/// </list>
/// A payment that died half-way (crash) stays claimed until it is repeated — the repeat finds the trade or submits
/// it again — or, after <see cref="StaleAfter"/>, until a cancel, decline or acceptance settles it from the ledger.
/// </summary>
public static class PaymentRequestsPayment
{
    /// <summary>How long a claimed but unfinished payment is presumed to be still running.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

    public static async Task<IResult> PayAsync(
        Guid id, bool acceptIfOpen, string action, ClaimsPrincipal user, LedgerDbContext db, LedgerAccess access,
        LedgerWriter writer, TimeProvider time, ILogger logger, CancellationToken ct)
    {
        var tradeId = PaymentRequest.PaymentTradeIdFor(id);
        var userId = user.UserId();

        PaymentRequest request;
        long claimed;
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > PaymentRequests.MaxAttempts)
            {
                return PaymentRequests.Busy(id);
            }

            db.ChangeTracker.Clear();
            var found = await PaymentRequests.FindAsync(db, id, ct);
            if (found is null)
            {
                return PaymentRequests.NotFound(id);
            }

            if (attempt == 1 && await PaymentRequests.AuthorizeAsync(user, found, PaymentRequests.Side.Payer, access, ct) is { } refused)
            {
                return refused;
            }

            if (found.Status == PaymentRequestStatus.Paid)
            {
                return PaymentRequests.Ok(found);
            }

            if (found.Status is not PaymentRequestStatus.Accepted && !(found.Status is PaymentRequestStatus.Open && acceptIfOpen))
            {
                return PaymentRequests.InvalidTransition(found, action);
            }

            // Claiming again when another attempt holds the claim is deliberate: the latest claimant owns it, so an
            // earlier attempt that fails cannot release it under a later one that may still succeed.
            found.TransferId = tradeId;
            found.PaymentStartedAt = time.GetUtcNow();
            found.Version++;
            try
            {
                await db.SaveChangesAsync(ct);
                request = found;
                claimed = found.Version;
                break;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Changed meanwhile (accepted, cancelled, claimed, paid): decide again on what it is now.
            }
        }

        // From here on the work finishes even if the caller stops waiting: a half-done payment helps nobody.
        // But not on a claim it lost: a payment that stalled past StaleAfter may have been released by a cancel,
        // decline or accept meanwhile, and a clearing run may have set part of the request off since; it must not pay
        // the amount it read before.
        if (await db.PaymentRequests.AsNoTracking().Where(r => r.Id == id).Select(r => (long?)r.Version).FirstOrDefaultAsync(CancellationToken.None) != claimed)
        {
            // Most often another live attempt claimed after this one (a double click, pay and accept sent together):
            // it owns the payment now, so this one waits for its outcome instead of answering "busy" to a payment that
            // is being made. Still unsettled after the wait, or released (the ledger refused the other attempt, which
            // answered with the reason): busy, try again.
            return await OutcomeOfLaterClaimAsync(db, id, ct) is { Status: PaymentRequestStatus.Paid } settled ? PaymentRequests.Ok(settled) : PaymentRequests.Busy(id);
        }

        if (await PayThroughLedgerAsync(db, writer, request, tradeId) is { } rejection)
        {
            await ReleaseAsync(db, id, claimed);
            logger.LogInformation("Payment of request {RequestId} was refused by the ledger: {Rejection}", id, rejection);
            return LedgerProblems.From(rejection);
        }

        return await MarkPaidAsync(db, id, tradeId, userId, time, logger) is { } paid ? PaymentRequests.Ok(paid) : PaymentRequests.Busy(id);
    }

    /// <summary>
    /// How long an attempt that lost its claim waits for the attempt that took it over: well inside a client's usual
    /// timeout (the UI's is 10 s), so the client gets an answer, "busy" at worst.
    /// </summary>
    private static readonly TimeSpan LaterClaimWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The request once the attempt that claimed it last has settled it (paid, or released), re-read every few
    /// milliseconds for at most <see cref="LaterClaimWait"/> of wall-clock time (not the ledger's clock, which tests
    /// stop); null if it is still in progress then. Only reads: a caller that went away stops it.
    /// </summary>
    private static async Task<PaymentRequest?> OutcomeOfLaterClaimAsync(LedgerDbContext db, Guid id, CancellationToken ct)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            var now = await db.PaymentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
            if (now is null || !now.PaymentInProgress)
            {
                return now;
            }

            if (waited.Elapsed > LaterClaimWait)
            {
                return null;
            }

            // Back-off between re-reads of the row (the other attempt needs one ledger batch and one row update).
            await Task.Delay(pause, ct);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 100));
        }
    }

    /// <summary>
    /// Settles a payment that was claimed more than <see cref="StaleAfter"/> ago and never finished: Paid if the
    /// ledger has its trade, otherwise the claim is released. Called before a cancel, decline or acceptance.
    /// </summary>
    public static async Task SettleStaleAsync(LedgerDbContext db, Guid id, string userId, TimeProvider time, ILogger logger)
    {
        db.ChangeTracker.Clear();
        var request = await PaymentRequests.FindAsync(db, id, CancellationToken.None);
        if (request is not { PaymentInProgress: true, TransferId: { } tradeId } || request.PaymentStartedAt > time.GetUtcNow() - StaleAfter)
        {
            return;
        }

        if (await LedgerHasPaymentAsync(db, request, tradeId))
        {
            logger.LogWarning("Payment request {RequestId} had an unfinished payment that the ledger applied; marking it paid", id);
            await MarkPaidAsync(db, id, tradeId, userId, time, logger);
        }
        else
        {
            logger.LogWarning("Payment request {RequestId} had an unfinished payment that never reached the ledger; releasing it", id);
            await ReleaseAsync(db, id, request.Version);
        }
    }

    /// <summary>Submits the paying trade unless the ledger already has it; the ledger's refusal, or null once it is paid.</summary>
    private static async Task<Rejection?> PayThroughLedgerAsync(LedgerDbContext db, LedgerWriter writer, PaymentRequest request, Guid tradeId)
    {
        if (await LedgerHasPaymentAsync(db, request, tradeId))
        {
            return null;
        }

        var memo = request.Memo.Length > 0 ? request.Memo : $"Payment request {request.Id}";
        var planned = await TradePlanning.PlanAsync(
            db, writer.Directory, new TradeIntentInput(tradeId, request.PayerAccountId, request.PayeeAccountId, request.Outstanding, memo, null, null), CancellationToken.None);
        if (planned.Rejection is { } notPlanned)
        {
            return notPlanned;
        }

        var result = await writer.SubmitAsync(TransferWork.ForPlan(planned.Plan!), CancellationToken.None);
        // A conflict on the trade id is fine when that trade is this payment (e.g. applied by an earlier attempt at
        // another fee rate); anything else under that id is a refusal.
        return result.Rejection is { Category: RejectionCategory.Conflict } && await LedgerHasPaymentAsync(db, request, tradeId) ? null : result.Rejection;
    }

    /// <summary>
    /// True when the ledger holds a posted trade under the payment's id from the payer to the payee for the outstanding
    /// amount (a clearing run never changes a request while its payment is claimed, so that amount is the claim's).
    /// Checked by content, not by id alone: the id is derivable, so anyone could have used it for something else.
    /// </summary>
    private static async Task<bool> LedgerHasPaymentAsync(LedgerDbContext db, PaymentRequest request, Guid tradeId)
    {
        var trade = await HeldTrades.LoadAsync(db, tradeId, TransferKind.Direct, CancellationToken.None);
        return trade is not null && trade.TradeId == tradeId && trade.Amount == request.Outstanding
            && HeldTrades.Parties(trade) == (request.PayerAccountId, request.PayeeAccountId);
    }

    /// <summary>Status Paid with the trade id; null only when the row kept changing under every attempt.</summary>
    private static async Task<PaymentRequest?> MarkPaidAsync(LedgerDbContext db, Guid id, Guid tradeId, string userId, TimeProvider time, ILogger logger)
    {
        for (var attempt = 1; attempt <= PaymentRequests.MaxAttempts; attempt++)
        {
            db.ChangeTracker.Clear();
            var request = await PaymentRequests.FindAsync(db, id, CancellationToken.None)
                ?? throw new InvalidOperationException($"Payment request {id} disappeared after its payment.");
            if (request.Status == PaymentRequestStatus.Paid)
            {
                return request;
            }

            if (request.Status is PaymentRequestStatus.Declined or PaymentRequestStatus.Cancelled)
            {
                logger.LogWarning("Payment request {RequestId} was {Status} while its payment {TradeId} was applied; the ledger wins, it is paid", id, request.Status, tradeId);
            }

            var now = time.GetUtcNow();
            if (request.AcceptedAt is null)
            {
                request.AcceptedAt = now;
                request.AcceptedBy = userId;
            }

            request.Status = PaymentRequestStatus.Paid;
            request.TransferId = tradeId;
            request.PaidAt = now;
            request.PaidBy = userId;
            request.Version++;
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
                return request;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another attempt got there first (or re-claimed): read it again.
            }
        }

        return null;
    }

    /// <summary>Drops the claim of <paramref name="claimedVersion"/>, unless the row changed since (a later claim owns it).</summary>
    private static async Task ReleaseAsync(LedgerDbContext db, Guid id, long claimedVersion)
    {
        db.ChangeTracker.Clear();
        var request = await PaymentRequests.FindAsync(db, id, CancellationToken.None);
        if (request is null || request.Version != claimedVersion || request.Status == PaymentRequestStatus.Paid)
        {
            return;
        }

        request.TransferId = null;
        request.PaymentStartedAt = null;
        request.Version++;
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Claimed again meanwhile: that attempt owns the claim now.
        }
    }
}
