namespace Punchout.Gateway.Queues;

/// <summary>A background worker that takes entries of a queue shared by every gateway instance and handles them one
/// at a time; idle, it polls; when the store fails, it waits and tries again.</summary>
/// <remarks>An entry is taken under <see cref="Consumer"/>, this instance's name in the queue's consumer group, and
/// stays the worker's until it is finished; one the worker never finishes (it crashed, or the store failed) is claimed
/// again after the queue's claim idle time. The order forwarding worker has the same loop and can derive from this.</remarks>
public abstract class QueueWorker<TEntry>(TimeProvider clock) : BackgroundService
{
    // One at a time, so no claimed entry waits behind slow ones long enough for another worker to claim it too.
    private const int BatchSize = 1;
    private static readonly TimeSpan FailureDelay = TimeSpan.FromSeconds(2);

    /// <summary>The clock the worker waits by.</summary>
    protected TimeProvider Clock { get; } = clock;

    /// <summary>This worker's name in the queue's consumer group.</summary>
    protected string Consumer { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>How long the worker waits when the queue has nothing for it.</summary>
    protected abstract TimeSpan PollInterval { get; }

    /// <summary>Takes up to <paramref name="count"/> entries for <see cref="Consumer"/>.</summary>
    protected abstract Task<IReadOnlyList<TEntry>> ReadAsync(int count, CancellationToken cancellationToken);

    /// <summary>Handles one entry, finishing it in the store.</summary>
    protected abstract Task HandleAsync(TEntry entry, CancellationToken cancellationToken);

    /// <summary>Reports that reading or handling failed (Redis unreachable, most likely); the worker waits <paramref name="delay"/>.</summary>
    protected abstract void Failed(Exception exception, TimeSpan delay);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batch = await ReadAsync(BatchSize, stoppingToken).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    await Task.Delay(PollInterval, Clock, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                foreach (var entry in batch)
                {
                    await HandleAsync(entry, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Unfinished entries stay pending and are claimed again later.
                Failed(ex, FailureDelay);
                await Task.Delay(FailureDelay, Clock, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
