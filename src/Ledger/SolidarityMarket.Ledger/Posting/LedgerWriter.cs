using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.Ledger.Domain;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Ledger.Posting;

/// <summary>
/// The only code that changes balances. Requests from every caller (API, consumers, jobs) queue here; one loop
/// takes everything waiting (up to <see cref="LedgerOptions.MaxBatch"/>) and applies it in ONE database
/// transaction — group commit: the cost of a durable commit is shared by the whole batch instead of paid per
/// transfer. Each request still succeeds or fails on its own; a linked batch is all-or-nothing inside it.
/// </summary>
public sealed class LedgerWriter(IServiceScopeFactory scopes, LedgerDirectory directory, TimeProvider time, IOptions<LedgerOptions> options, ILogger<LedgerWriter> logger)
    : BackgroundService
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The cached account → exchange map and exchange settings that requests are planned with.</summary>
    public LedgerDirectory Directory => directory;

    public Task<SubmitResult> SubmitAsync(TransferWork work, CancellationToken ct) => EnqueueAsync<SubmitResult>(work, ct);

    public Task<IReadOnlyList<Transfer>> ExpireDueAsync(CancellationToken ct) => EnqueueAsync<IReadOnlyList<Transfer>>(new ExpireWork(), ct);

    public Task<AccountResult> ChangeAccountAsync(AccountWork work, CancellationToken ct) => EnqueueAsync<AccountResult>(work, ct);

    private async Task<T> EnqueueAsync<T>(LedgerWork work, CancellationToken ct)
    {
        var pending = new Pending(work, new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, ct);
        // The caller may stop waiting, but the work itself is not cancelled once queued: it either commits or not.
        return (T)await pending.Completion.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(options.Value.MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < options.Value.MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            await CommitWithRetriesAsync(batch, stoppingToken);
        }
    }

    private async Task CommitWithRetriesAsync(List<Pending> batch, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var started = time.GetTimestamp();
                await using var scope = scopes.CreateAsyncScope();
                var committer = scope.ServiceProvider.GetRequiredService<LedgerBatchCommitter>();
                var results = await committer.CommitAsync(batch.Select(p => p.Work).ToList(), time.GetUtcNow(), ct);
                LedgerMetrics.BatchSize.Record(batch.Count);
                LedgerMetrics.BatchDuration.Record(time.GetElapsedTime(started).TotalMilliseconds);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(results[i]);
                }

                return;
            }
            catch (Exception ex) when (attempt < options.Value.MaxCommitAttempts && !ct.IsCancellationRequested && IsRetryable(ex))
            {
                // A concurrent writer (another process) won a race on a row or the database was busy: the batch is
                // re-read and re-applied from scratch, so retrying can never apply anything twice.
                LedgerMetrics.Retries.Add(1);
                logger.LogInformation(ex, "Ledger batch of {Count} retried (attempt {Attempt})", batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(5 * attempt * attempt), ct);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Ledger batch of {Count} failed; nothing of it was committed", batch.Count);
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(new LedgerUnavailableException("The ledger could not commit the request; nothing was applied. Retry with the same id.", ex));
                }

                return;
            }
        }
    }

    private static bool IsRetryable(Exception ex) => ex is DbUpdateException or InvalidOperationException { InnerException: not null }
        || ex.GetType().Name is "PostgresException" or "NpgsqlException" or "SqliteException" or "SqlException";

    private sealed record Pending(LedgerWork Work, TaskCompletionSource<object> Completion);
}

/// <summary>The ledger could not commit (database unavailable after retries). Nothing was applied.</summary>
public sealed class LedgerUnavailableException(string message, Exception inner) : ServiceUnavailableException(message, inner);
