namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// The ledger never reads a clock: every command gets "now" from its caller. Instants are normalised to UTC
/// and truncated to whole microseconds, because PostgreSQL keeps no more; an instant that lost digits in the
/// database would no longer match the hash computed over it.
/// </summary>
public static class LedgerTime
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    public static DateTimeOffset Normalize(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TicksPerMicrosecond), TimeSpan.Zero);
    }

    public static long ToUnixMicroseconds(DateTimeOffset instant) =>
        (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerMicrosecond;
}
