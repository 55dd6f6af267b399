using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// Drains one service's outbox: takes the rows this process handed over at commit (<see cref="OutboxSignal{TContext}"/>)
/// and claims due rows from the database, hands them to the broker, marks them sent. A delivery that fails is
/// retried with exponential backoff; a relay that dies after delivering and before marking leaves the row to be
/// delivered again, which the consumers' inbox turns into a no-op. Several replicas may run on one database: a
/// claim (lock token + expiry) keeps them off each other's rows. The rows of a round are handed over up to
/// <see cref="OutboxRelayOptions.PublishConcurrency"/> at a time: with RabbitMQ each hand-over waits for the broker's
/// confirm, and one at a time that wait, not the CPU, capped a relay's rate. A round delivers rows in commit order
/// (handed over) or creation order (polled), but the broker may receive those of one round in any order, and
/// handed-over rows go ahead of older polled ones, which consumers already had to tolerate (docs/adr/0002).
/// The first round waits until the bus has started: MassTransit's in-memory transport drops a message published
/// before its receive endpoints are bound, and the relay would have marked it sent.
/// </summary>
public sealed class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    OutboxSignal<TContext> signal,
    IOptions<OutboxRelayOptions> options,
    TimeProvider time,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService
    where TContext : ServiceDbContext
{
    private readonly OutboxRelayOptions _options = options.Value;

    // Rows delivered and not yet marked sent: written together while rows keep coming (OutboxSentMarks).
    private readonly OutboxSentMarks _marks = new(time, options.Value.MarkDelay);

    // When the next round polls the database even though rows were handed over.
    private DateTimeOffset _nextPoll = DateTimeOffset.MinValue;

    // Marks a row of a round whose delivery was not started in time (not a failure: no attempt is counted).
    private static readonly Exception NotStarted = new OperationCanceledException("Not started before the claim's last start.");

    /// <summary>How long the first round waits for the bus to be healthy before it delivers anyway (and retries).</summary>
    public static readonly TimeSpan BusStartWait = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RelayUntilStoppedAsync(stoppingToken);
        }
        finally
        {
            await MarkDeliveredAsync();
            await ReleaseClaimsAsync();
        }
    }

    /// <summary>Marks the rows delivered and not yet marked sent (a relay about to sit idle, or stopping).</summary>
    private async Task MarkDeliveredAsync()
    {
        if (_marks.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            await WriteMarksAsync(db);
        }
        catch (Exception ex)
        {
            // Kept for the next try; if the process stops first, the rows are delivered again, which the inboxes absorb.
            logger.LogWarning(ex, "Outbox relay for {Context} could not mark {Count} delivered rows sent", typeof(TContext).Name, _marks.Count);
        }
    }

    /// <summary>
    /// On stop: the rows this process claimed at commit and did not deliver are unclaimed, so another replica (or the
    /// next start) delivers them at its next poll rather than when the claim would have run out.
    /// </summary>
    private async Task ReleaseClaimsAsync()
    {
        signal.Clear();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var token = signal.Token;
            await scope.ServiceProvider.GetRequiredService<TContext>().OutboxMessages
                .Where(m => m.LockToken == token && m.SentAt == null)
                .ReleaseClaimsAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Outbox relay for {Context} could not release its claims on stopping; they run out after {Claim}", typeof(TContext).Name, _options.ClaimDuration);
        }
    }

    private async Task RelayUntilStoppedAsync(CancellationToken stoppingToken)
    {
        await WaitForBusAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            int delivered;
            var failed = false;
            try
            {
                delivered = await RelayRoundAsync(markAll: false, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be briefly unavailable; keep the relay alive and try again at the next poll.
                logger.LogError(ex, "Outbox relay for {Context} failed a round", typeof(TContext).Name);
                delivered = 0;
                failed = true;
                await MarkDeliveredAsync(); // what earlier rounds delivered, so that it does not wait for a round that succeeds
            }

            // More rows handed over than a round takes: go on at once (unless the round failed, so a database that is
            // down is not hammered; the rows of a failed round go out by a poll once their claim ends).
            if (failed || (delivered < _options.BatchSize && signal.Waiting == 0))
            {
                if (_marks.Count == 0)
                {
                    await signal.WaitAsync(_options.PollInterval, stoppingToken);
                }
                else if (!await signal.WaitAsync(_marks.UntilDue(), stoppingToken))
                {
                    // Rows delivered and not marked waited for more rows until their mark was due; none came: mark them.
                    await MarkDeliveredAsync();
                    await signal.WaitAsync(_options.PollInterval, stoppingToken);
                }
            }
        }
    }

    /// <summary>
    /// Waits (up to <see cref="BusStartWait"/>) until the bus has started. The relay starts before MassTransit's hosted
    /// service, and a start with rows already due (re-sent after a restart, written by start-up tasks) delivered them
    /// at once: on the in-memory bus a message published before the bus has bound its receive endpoints is silently
    /// dropped (MassTransit 8.5.12, measured), and the row was marked sent; it came back only at the next restart. With
    /// RabbitMQ a broker that is down keeps the bus unhealthy: after the wait the relay delivers anyway and retries.
    /// </summary>
    private async Task WaitForBusAsync(CancellationToken stoppingToken)
    {
        using var scope = scopes.CreateScope();
        if (scope.ServiceProvider.GetService<IBusControl>() is not { } bus)
        {
            return;
        }

        try
        {
            var status = await bus.WaitForHealthStatus(BusHealthStatus.Healthy, BusStartWait).WaitAsync(stoppingToken);
            if (status != BusHealthStatus.Healthy)
            {
                logger.LogWarning("Outbox relay for {Context}: the bus is {Status} after {Wait}; delivering anyway", typeof(TContext).Name, status, BusStartWait);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping before the bus ever started: the loop below sees the token and ends.
        }
    }

    // The relay's two reads run every round; compiled, they skip EF's per-call expression work.
    private static readonly CompiledQueryPerModel<Func<TContext, DateTimeOffset, int, IAsyncEnumerable<Guid>>> DueIdsQuery = new(() =>
        EF.CompileAsyncQuery((TContext db, DateTimeOffset now, int batchSize) => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.SentAt == null && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(batchSize)));

    private static readonly CompiledQueryPerModel<Func<TContext, Guid, IAsyncEnumerable<OutboxMessage>>> ClaimedQuery = new(() =>
        EF.CompileAsyncQuery<TContext, Guid, OutboxMessage>((TContext db, Guid token) => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.LockToken == token)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)));

    /// <summary>
    /// One round: deliver up to a batch of the rows this process handed over at commit (<see cref="OutboxSignal{TContext}"/>),
    /// and — when none were handed over, or a poll interval has passed since the last poll — claim up to a batch of due
    /// rows (oldest first) and deliver them, and mark them sent. Returns how many were sent.
    /// </summary>
    public Task<int> RelayOnceAsync(CancellationToken cancellationToken) => RelayRoundAsync(markAll: true, cancellationToken);

    /// <summary>
    /// A round of <see cref="RelayOnceAsync"/> as the relay's loop runs it: the rows delivered (this round's and earlier
    /// rounds') are marked sent at its end only if <paramref name="markAll"/> or their mark is due (<see cref="OutboxSentMarks"/>).
    /// </summary>
    public async Task<int> RelayRoundAsync(bool markAll, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var transport = scope.ServiceProvider.GetRequiredService<IOutboxTransport>();

        var sent = 0;
        await WriteMarksAsync(db, onlyIfDue: true);
        var handedOver = signal.Take(_options.BatchSize);
        if (handedOver.Count > 0)
        {
            sent += await DeliverHandedOverAsync(db, transport, handedOver, cancellationToken);
        }

        var now = time.GetUtcNow();
        if (handedOver.Count == 0 || now >= _nextPoll)
        {
            await WriteMarksAsync(db, onlyIfDue: true); // before the poll's own writes
            // The poll also runs under a steady stream of hand-overs: it is what delivers retries, rows written by other
            // processes and rows whose hand-over came too late.
            _nextPoll = now + _options.PollInterval;
            var token = Guid.NewGuid();
            var claimed = await ClaimAsync(db, token, now, cancellationToken);
            if (claimed.Count > 0)
            {
                sent += await DeliverAsync(db, transport, claimed, token, now + _options.LastDeliveryStart, cancellationToken);
            }
        }

        await WriteMarksAsync(db, onlyIfDue: !markAll);
        return sent;
    }

    /// <summary>Writes the waiting marks (<paramref name="onlyIfDue"/>: only when <see cref="OutboxSentMarks.IsDue"/>).</summary>
    private async Task WriteMarksAsync(TContext db, bool onlyIfDue = false)
    {
        if (_marks.Count == 0 || (onlyIfDue && !_marks.IsDue(_options.BatchSize)))
        {
            return;
        }

        await InWriteTurnOnSqliteAsync(db, () => _marks.WriteAsync(db), CancellationToken.None);
        _marks.Clear();
    }

    /// <summary>
    /// Delivers rows handed over at commit. They were claimed when written, so the round starts no delivery later than
    /// its oldest claim allows (the rule of a polled round, whose rows share one claim): the round's mark comes after
    /// its last delivery, and must come before the oldest claim ends. Rows not started are unclaimed for the next poll.
    /// </summary>
    private Task<int> DeliverHandedOverAsync(TContext db, IOutboxTransport transport, List<OutboxMessage> rows, CancellationToken cancellationToken) =>
        DeliverAsync(db, transport, rows, signal.Token,
            rows.Min(r => r.LockedUntil ?? DateTimeOffset.MinValue) - _options.ClaimDuration + _options.LastDeliveryStart, cancellationToken);

    /// <summary>
    /// Delivers claimed rows, up to <see cref="OutboxRelayOptions.PublishConcurrency"/> at a time, and marks them
    /// sent; records failures (retried with backoff) and unclaims rows not started by <paramref name="startBy"/>.
    /// </summary>
    private async Task<int> DeliverAsync(TContext db, IOutboxTransport transport, List<OutboxMessage> claimed, Guid token,
        DateTimeOffset startBy, CancellationToken cancellationToken)
    {
        // The round must end (rows marked sent) while its claim holds, or another replica would claim and publish the
        // same rows again: a delivery may take up to DeliveryTimeout, and the mark needs time too, so no delivery
        // starts later than ClaimDuration - 2 × DeliveryTimeout after the claim. Rows not started go back unclaimed.
        // Rows of earlier rounds waiting for their mark follow the same rule: it is written after this round.
        startBy = startBy < _marks.StartBy ? startBy : _marks.StartBy;
        var outcomes = new Exception?[claimed.Count];
        await Parallel.ForAsync(0, claimed.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.PublishConcurrency), CancellationToken = cancellationToken }, async (i, ct) =>
        {
            if (time.GetUtcNow() >= startBy)
            {
                outcomes[i] = NotStarted;
                return;
            }

            try
            {
                await DeliverWithinTimeoutAsync(transport, claimed[i], ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                outcomes[i] = ex;
            }
        });

        // The context is not thread-safe: failures are written after the deliveries, one by one.
        var sent = new List<Guid>(claimed.Count);
        var notStarted = new List<Guid>();
        var failed = new List<(OutboxMessage Row, Exception Failure)>();
        for (var i = 0; i < claimed.Count; i++)
        {
            if (ReferenceEquals(outcomes[i], NotStarted))
            {
                notStarted.Add(claimed[i].Id);
            }
            else if (outcomes[i] is { } failure)
            {
                failed.Add((claimed[i], failure));
            }
            else
            {
                sent.Add(claimed[i].Id);
            }
        }

        // The sent rows are marked later, with those of other rounds (OutboxSentMarks): a relay that dies before re-sends
        // them, which the consumers' inboxes absorb. Attempts of a successful row are not tracked individually here.
        _marks.Add(sent, startBy);
        if (failed.Count > 0 || notStarted.Count > 0)
        {
            await InWriteTurnOnSqliteAsync(db, async () =>
            {
                foreach (var (row, failure) in failed)
                {
                    await RecordFailureAsync(db, row, token, failure);
                }

                if (notStarted.Count > 0)
                {
                    await db.OutboxMessages.Where(m => notStarted.Contains(m.Id) && m.LockToken == token)
                        .ReleaseClaimsAsync(CancellationToken.None);
                }
            }, CancellationToken.None);
        }

        return sent.Count;
    }

    /// <summary>
    /// On SQLite the relay's writes run in one explicit transaction, so that they take the file's write turn like every
    /// other writer (<see cref="Data.SqliteWriteTurnInterceptor"/>) instead of waiting for the lock in SQLite's busy
    /// handler, as a statement outside a transaction does; a round's failures, releases and mark also commit (and
    /// sync) once. Elsewhere each statement commits on its own, as before: a transaction would only add round trips.
    /// </summary>
    private static Task InWriteTurnOnSqliteAsync(TContext db, Func<Task> write, CancellationToken cancellationToken) =>
        InWriteTurnOnSqliteAsync(db, async () =>
        {
            await write();
            return true;
        }, cancellationToken);

    /// <inheritdoc cref="InWriteTurnOnSqliteAsync(TContext, Func{Task}, CancellationToken)"/>
    private static async Task<T> InWriteTurnOnSqliteAsync<T>(TContext db, Func<Task<T>> write, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return await write();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await write();
        await transaction.CommitAsync(CancellationToken.None);
        return result;
    }

    /// <summary>
    /// Claims up to a batch of due rows (oldest first) for this round and returns them in creation order. On
    /// PostgreSQL that is one statement (<see cref="OutboxClaimSql"/>); elsewhere three: the due ids, the claim
    /// <c>UPDATE</c> (which re-checks that each row is still unsent and unclaimed, so two replicas never both claim
    /// one), and the claimed rows.
    /// </summary>
    private async Task<List<OutboxMessage>> ClaimAsync(TContext db, Guid token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lockedUntil = now + _options.ClaimDuration;
        if (OutboxClaimSql.Supports(db))
        {
            return await OutboxClaimSql.ClaimAsync(db, token, now, lockedUntil, _options.BatchSize, cancellationToken);
        }

        var candidates = await DueIdsQuery.For(db)(db, now, _options.BatchSize).ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return [];
        }

        return await InWriteTurnOnSqliteAsync(db, async () =>
        {
            await db.OutboxMessages
                .Where(m => candidates.Contains(m.Id) && m.SentAt == null && (m.LockedUntil == null || m.LockedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockToken, token).SetProperty(m => m.LockedUntil, lockedUntil), cancellationToken);
            return await ClaimedQuery.For(db)(db, token).ToListAsync(cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// Hands one row to the broker, giving up after <see cref="OutboxRelayOptions.DeliveryTimeout"/>: a publish that
    /// was waiting for its confirm when the broker restarted can wait for ever (RabbitMQ.Client 7.2, rabbitmq-dotnet-client
    /// issues 1928 and 1930), and one such wait would stop this service's relay for good. The abandoned attempt is a
    /// failed one, retried with backoff under the same message id, so a late confirm at worst delivers a duplicate
    /// that the consumers' inboxes absorb. <c>WaitAsync</c> stops the wait even if the transport ignores the token.
    /// </summary>
    private async Task DeliverWithinTimeoutAsync(IOutboxTransport transport, OutboxMessage message, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_options.DeliveryTimeout);
        try
        {
            await transport.DeliverAsync(message, attempt.Token).WaitAsync(attempt.Token);
        }
        catch (OperationCanceledException) when (attempt.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The broker did not take message {message.Id} within {_options.DeliveryTimeout}.");
        }
    }

    private async Task RecordFailureAsync(TContext db, OutboxMessage message, Guid token, Exception ex)
    {
        var attempts = message.Attempts + 1;
        var retryAt = time.GetUtcNow() + _options.Backoff(attempts);
        var error = ex.GetType().Name + ": " + ex.Message;
        logger.LogWarning(ex, "Outbox message {MessageId} ({Type}) failed attempt {Attempts}; retry at {RetryAt}",
            message.Id, message.MessageType, attempts, retryAt);
        await db.OutboxMessages.Where(m => m.Id == message.Id && m.LockToken == token)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.NextAttemptAt, retryAt)
                .SetProperty(m => m.LastError, error.Length > 2000 ? error[..2000] : error)
                .SetProperty(m => m.LockToken, (Guid?)null)
                .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), CancellationToken.None);
    }
}
