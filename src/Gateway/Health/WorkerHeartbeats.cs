using System.Collections.Concurrent;

namespace Punchout.Gateway.Health;

/// <summary>The background workers' heartbeats: each worker says, whenever it goes round its loop, by when it will
/// say so again; readiness fails when one is overdue or has stopped.</summary>
/// <remarks>A worker that waits for work promises its next beat within a few of its polls; one that starts on a
/// piece of work (an order and its ERP calls) promises it within the time after which another worker would take that
/// work over. A worker the host stopped, or whose loop ended, says so with <see cref="Stopped"/>.</remarks>
public sealed class WorkerHeartbeats(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, WorkerBeat> beats = new(StringComparer.Ordinal);

    /// <summary>Every worker that has beaten, as of its last beat.</summary>
    public IReadOnlyList<WorkerBeat> Current => [.. beats.Values.OrderBy(b => b.Worker, StringComparer.Ordinal)];

    /// <summary><paramref name="worker"/> is alive and will beat again within <paramref name="nextWithin"/>.</summary>
    public void Beat(string worker, TimeSpan nextWithin)
    {
        var now = clock.GetUtcNow();
        beats[worker] = new WorkerBeat(worker, now, now + nextWithin, false);
    }

    /// <summary><paramref name="worker"/>'s loop has ended: it will not beat again.</summary>
    public void Stopped(string worker) => beats[worker] = new WorkerBeat(worker, clock.GetUtcNow(), DateTimeOffset.MinValue, true);
}

/// <summary>A worker's last beat: when it was, by when the next is due, and whether the worker has stopped.</summary>
public sealed record WorkerBeat(string Worker, DateTimeOffset At, DateTimeOffset DueBy, bool Stopped);
