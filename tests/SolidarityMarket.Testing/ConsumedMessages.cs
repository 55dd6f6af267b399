using MassTransit;

namespace SolidarityMarket.Testing;

/// <summary>
/// Lets a test wait until a message has been consumed — for asserting that a consumer changed nothing, which no
/// polling for a change can show. Connect before sending.
/// </summary>
public static class ConsumedMessages
{
    /// <summary>
    /// Completes once <paramref name="count"/> messages <typeparamref name="T"/> matching <paramref name="match"/> were
    /// consumed; faults if a consumer of one faulted.
    /// </summary>
    public static Task ConsumedAsync<T>(this IBus bus, Func<T, bool> match, int count = 1)
        where T : class
    {
        var observer = new Observer<T>(match, count);
        var handle = bus.ConnectConsumeMessageObserver(observer);
        observer.Done.ContinueWith(_ => handle.Disconnect(), TaskScheduler.Default);
        return observer.Done;
    }

    private sealed class Observer<T>(Func<T, bool> match, int count) : IConsumeMessageObserver<T>
        where T : class
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _consumed;

        public Task Done => _done.Task;

        public Task PreConsume(ConsumeContext<T> context) => Task.CompletedTask;

        public Task PostConsume(ConsumeContext<T> context)
        {
            if (match(context.Message) && Interlocked.Increment(ref _consumed) >= count)
            {
                _done.TrySetResult();
            }

            return Task.CompletedTask;
        }

        public Task ConsumeFault(ConsumeContext<T> context, Exception exception)
        {
            if (match(context.Message))
            {
                _done.TrySetException(exception);
            }

            return Task.CompletedTask;
        }
    }
}
