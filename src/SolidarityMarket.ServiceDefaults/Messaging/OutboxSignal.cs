using System.Threading.Channels;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// Wakes a service's outbox relay as soon as a transaction with outbox messages commits, so messages leave in
/// milliseconds instead of at the next poll. Polling stays as the safety net (another process may have written).
/// </summary>
public sealed class OutboxSignal<TContext>
    where TContext : ServiceDbContext
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Waits for a notification or the timeout, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed without a notification.
        }
    }
}
