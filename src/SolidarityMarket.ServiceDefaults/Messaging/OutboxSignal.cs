using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// Hands a service's outbox relay the rows this process has just committed, and wakes it, so that they leave in
/// milliseconds without the relay reading and claiming them from the database first (docs/adr/0029). The rows are
/// claimed for this process's relay as they are written (<see cref="Claim"/>: its <see cref="Token"/>, for
/// <see cref="OutboxRelayOptions.ClaimDuration"/>), so no other replica's poll takes them meanwhile; the relay
/// delivers them from memory and marks them sent. If the process dies first, the claim runs out and any relay's
/// poll delivers them. Polling stays the safety net (rows of other processes, retries, rows past their claim).
/// </summary>
public sealed class OutboxSignal<TContext>(IOptions<OutboxRelayOptions>? options = null, TimeProvider? time = null)
    where TContext : ServiceDbContext
{
    private readonly OutboxRelayOptions _options = options?.Value ?? new OutboxRelayOptions();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentQueue<(OutboxMessage Row, long HandedOverAt)> _committed = new();
    private readonly KeyValuePair<string, object?> _serviceTag = new(OutboxMetrics.ServiceTag, OutboxMetrics.ServiceOf(typeof(TContext)));
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>The claim token of the rows this process hands to its own relay.</summary>
    public Guid Token { get; } = Guid.NewGuid();

    /// <summary>
    /// Rows waiting in memory beyond which new rows are not claimed at write time: a relay that far behind reads them
    /// from the database (as before the hand-off) instead of this queue growing without bound.
    /// </summary>
    public int MaxWaiting => 20 * Math.Max(1, _options.BatchSize);

    /// <summary>
    /// Claims a row about to be written for this process's relay. Returns false and leaves the row as written when it
    /// is not a new message due now — written already sent or claimed, or for a later attempt
    /// (<see cref="OutboxMessage.NextAttemptAt"/>), which the poll delivers when due — or when the relay already has
    /// <see cref="MaxWaiting"/> rows waiting.
    /// </summary>
    public bool Claim(OutboxMessage message)
    {
        var now = _time.GetUtcNow();
        if (message.SentAt is not null || message.LockToken is not null || message.NextAttemptAt > now || _committed.Count >= MaxWaiting)
        {
            return false;
        }

        message.LockToken = Token;
        message.LockedUntil = now + _options.ClaimDuration;
        return true;
    }

    /// <summary>
    /// Hands over rows whose transaction has committed (never before: a row rolled back must not be published) and
    /// wakes the relay. Rows not claimed by <see cref="Claim"/> are left to the poll.
    /// </summary>
    public void Committed(IEnumerable<OutboxMessage> messages)
    {
        var now = _time.GetTimestamp();
        foreach (var message in messages)
        {
            if (message.LockToken == Token)
            {
                _committed.Enqueue((message, now));
            }
        }

        Notify();
    }

    /// <summary>Wakes the relay (to poll, when nothing was handed over).</summary>
    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Rows handed over and not yet taken by the relay.</summary>
    public int Waiting => _committed.Count;

    /// <summary>Takes up to <paramref name="max"/> handed-over rows for delivery, oldest hand-over first, recording how long each waited.</summary>
    public List<OutboxMessage> Take(int max)
    {
        var taken = new List<OutboxMessage>(Math.Min(max, _committed.Count));
        while (taken.Count < max && _committed.TryDequeue(out var handed))
        {
            taken.Add(handed.Row);
            OutboxMetrics.HandOverWait.Record(_time.GetElapsedTime(handed.HandedOverAt).TotalMilliseconds, _serviceTag);
        }

        return taken;
    }

    /// <summary>Drops every row handed over and not taken (the relay is stopping and unclaims them); records nothing.</summary>
    public void Clear() => _committed.Clear();

    /// <summary>Waits for a notification or the timeout, whichever comes first; true if notified.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_channel.Reader.TryRead(out _))
        {
            return true;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // the time passed without a notification
        }
    }
}
