namespace Punchout.Gateway.Observability;

/// <summary>Writes the activity counts this instance added to their store every <see cref="Interval"/>, and once more
/// when the host stops.</summary>
/// <remarks>While the store cannot be written (Redis down), the counts wait in memory; the first failure is logged
/// (7006), and the first success after it (7007).</remarks>
public sealed class ActivityCountFlusher(IActivityCounts counts, TimeProvider clock, ILogger<ActivityCountFlusher> logger) : BackgroundService
{
    /// <summary>How often the counts are written.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private bool failing;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            await FlushAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await counts.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (failing)
            {
                failing = false;
                logger.ActivityCountsFlushed();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (!failing)
            {
                failing = true;
                logger.ActivityCountsFlushFailed(ex, Interval);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the counts stay unwritten, as for any failure.
        }
    }
}
