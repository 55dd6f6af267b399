namespace SolidarityMarket.Testing;

/// <summary>
/// Lets <c>parties</c> callers through together once all have arrived (or after a minute, leaving <see cref="Met"/>
/// false), so a race test can force two replicas into the same step instead of hoping they collide.
/// </summary>
public sealed class Rendezvous(int parties)
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public bool Met => _all.Task.IsCompletedSuccessfully;

    public async Task ArriveAsync()
    {
        if (Interlocked.Increment(ref _arrived) == parties)
        {
            _all.TrySetResult();
        }

        await Task.WhenAny(_all.Task, Task.Delay(TimeSpan.FromMinutes(1)));
    }
}
