using Microsoft.EntityFrameworkCore;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// The rows a relay has delivered and not yet marked sent. While rows keep coming the relay marks them together, at
/// most every <see cref="OutboxRelayOptions.MarkDelay"/>, instead of one write transaction (and, on SQLite, one fsync
/// and one write turn) per round: with fair write turns (ADR 0030) a round a writer's batch otherwise cost that
/// writer half its batch size. A row delivered and not yet marked is, as before, delivered again if the process dies,
/// which the consumers' inboxes absorb. The claims' rule still holds: a round starts no delivery later than the
/// earliest last start of the rows waiting here (<see cref="StartBy"/>), so that they are marked before their claims end.
/// </summary>
public sealed class OutboxSentMarks(TimeProvider time, TimeSpan delay)
{
    private readonly List<Guid> _rows = [];
    private long _oldest;

    public int Count => _rows.Count;

    /// <summary>The earliest last start of a delivery among the rounds whose rows wait here (max when none).</summary>
    public DateTimeOffset StartBy { get; private set; } = DateTimeOffset.MaxValue;

    /// <summary>Rows a round delivered, and the last start of a delivery of that round (its claim's rule).</summary>
    public void Add(List<Guid> rows, DateTimeOffset startBy)
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (_rows.Count == 0)
        {
            _oldest = time.GetTimestamp();
        }

        _rows.AddRange(rows);
        StartBy = startBy < StartBy ? startBy : StartBy;
    }

    /// <summary>How long until the oldest row's mark is due (zero when due, or nothing waits).</summary>
    public TimeSpan UntilDue()
    {
        var left = delay - time.GetElapsedTime(_oldest);
        return _rows.Count == 0 || left < TimeSpan.Zero ? TimeSpan.Zero : left;
    }

    /// <summary>
    /// Due once the oldest row has waited the delay, a batch is waiting, or their last start has passed (a delivery
    /// could start no more until they are written: the claims' rule in the relay's rounds).
    /// </summary>
    public bool IsDue(int batchSize) =>
        _rows.Count > 0 && (UntilDue() == TimeSpan.Zero || _rows.Count >= batchSize || time.GetUtcNow() >= StartBy);

    /// <summary>
    /// Marks every waiting row sent in one statement. They are kept until <see cref="Clear"/>, which the caller calls
    /// once the statement's transaction has committed.
    /// </summary>
    public async Task WriteAsync(ServiceDbContext db)
    {
        if (_rows.Count == 0)
        {
            return;
        }

        var sentAt = time.GetUtcNow();
        var rows = _rows;
        await db.OutboxMessages.Where(m => rows.Contains(m.Id))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.SentAt, sentAt)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                .SetProperty(m => m.LockToken, (Guid?)null)
                .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), CancellationToken.None);
    }

    /// <summary>Forgets the rows written (their transaction committed).</summary>
    public void Clear()
    {
        _rows.Clear();
        StartBy = DateTimeOffset.MaxValue;
    }
}
