namespace Punchout.Gateway.Outbound;

/// <summary>Outbound documents in this process, for trying the gateway without Redis; the same contract as
/// <see cref="RedisOutboundStore"/>.</summary>
/// <remarks>Nothing survives a restart, and nothing expires while the process runs.</remarks>
public sealed class InMemoryOutboundStore(TimeProvider clock) : IOutboundStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, OutboundDocument> documents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> byOrder = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> lines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OutboundKeyRecord> keys = new(StringComparer.Ordinal);
    private readonly List<QueuedOutbound> queue = [];
    private readonly Dictionary<string, (string Consumer, DateTimeOffset DeliveredAt)> pending = new(StringComparer.Ordinal);
    private readonly List<(DateTimeOffset DueAt, string OutboundId, string GatewayOrderId)> deferred = [];
    private long sequence;

    /// <inheritdoc />
    public Task<OutboundIntakeResult> EnqueueAsync(OutboundIntake intake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intake);
        var document = intake.Document;
        lock (gate)
        {
            if (intake.ClientKey is { } clientKey && Remembered(clientKey, intake.BodySha256) is { } earlier)
            {
                return Task.FromResult(earlier);
            }

            documents[document.Id] = document;
            Add(byOrder, document.GatewayOrderId, document.Id);
            JoinLine(document);
            if (intake.ClientKey is { } key)
            {
                keys[key] = new OutboundKeyRecord(intake.BodySha256, document.Id);
            }

            return Task.FromResult(new OutboundIntakeResult(OutboundIntakeOutcome.Accepted, document.Id));
        }
    }

    /// <inheritdoc />
    public Task<OutboundIntakeResult?> FindAsync(string clientKey, string bodySha256, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(Remembered(clientKey, bodySha256));
        }
    }

    /// <inheritdoc />
    public Task<OutboundDocument?> GetAsync(string outboundId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(documents.GetValueOrDefault(outboundId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboundDocument>> ListForOrderAsync(string gatewayOrderId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<OutboundDocument> found = byOrder.TryGetValue(gatewayOrderId, out var ids) ? [.. ids.Select(documents.GetValueOrDefault).OfType<OutboundDocument>()] : [];
            return Task.FromResult(found);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<QueuedOutbound>> ReadQueueAsync(string consumer, int count, TimeSpan claimIdle, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            foreach (var due in deferred.Where(d => d.DueAt <= now).ToList())
            {
                deferred.Remove(due);
                Queue(due.OutboundId, due.GatewayOrderId);
            }

            var stale = queue.Where(e => pending.TryGetValue(e.EntryId, out var p) && now - p.DeliveredAt >= claimIdle).Take(count).ToList();
            var batch = stale.Count > 0 ? stale : queue.Where(e => !pending.ContainsKey(e.EntryId)).Take(count).ToList();
            foreach (var entry in batch)
            {
                pending[entry.EntryId] = (consumer, now);
            }

            return Task.FromResult<IReadOnlyList<QueuedOutbound>>([.. batch.Select(e => e with { Consumer = consumer })]);
        }
    }

    /// <inheritdoc />
    public Task<bool> CompleteAsync(QueuedOutbound entry, OutboundDocument document, CancellationToken cancellationToken) => Finish(entry, document, null);

    /// <inheritdoc />
    public Task<bool> DeferAsync(QueuedOutbound entry, OutboundDocument document, TimeSpan retryAfter, CancellationToken cancellationToken) => Finish(entry, document, retryAfter);

    /// <inheritdoc />
    public Task<bool> DeadLetterAsync(QueuedOutbound entry, OutboundDocument document, CancellationToken cancellationToken) => Finish(entry, document, null);

    /// <inheritdoc />
    public Task<bool> AcknowledgeAsync(QueuedOutbound entry, CancellationToken cancellationToken) => Finish(entry, null, null);

    /// <inheritdoc />
    public Task<bool> ReplayAsync(OutboundDocument requeued, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requeued);
        lock (gate)
        {
            if (documents.GetValueOrDefault(requeued.Id) is not { State: OutboundState.DeadLettered })
            {
                return Task.FromResult(false);
            }

            documents[requeued.Id] = requeued;
            JoinLine(requeued);
            return Task.FromResult(true);
        }
    }

    // As in Redis: only the consumer that holds the entry may finish it. A deferred document comes back after its
    // delay; a finished one lets the next of its order go.
    private Task<bool> Finish(QueuedOutbound entry, OutboundDocument? document, TimeSpan? retryAfter)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (gate)
        {
            if (!pending.TryGetValue(entry.EntryId, out var holder) || holder.Consumer != entry.Consumer)
            {
                return Task.FromResult(false);
            }

            if (document is not null)
            {
                documents[document.Id] = document;
            }

            queue.RemoveAll(e => e.EntryId == entry.EntryId);
            pending.Remove(entry.EntryId);
            if (retryAfter is { } delay)
            {
                deferred.Add((clock.GetUtcNow() + delay, entry.OutboundId, entry.GatewayOrderId));
            }
            else
            {
                LeaveLine(entry);
            }

            return Task.FromResult(true);
        }
    }

    // Called under the gate: the document waits at the end of its order's line, and is queued when it is first.
    private void JoinLine(OutboundDocument document)
    {
        Add(lines, document.GatewayOrderId, document.Id);
        if (lines[document.GatewayOrderId].Count == 1)
        {
            Queue(document.Id, document.GatewayOrderId);
        }
    }

    // Called under the gate: the finished document leaves the head of its order's line, and the next one is queued.
    private void LeaveLine(QueuedOutbound entry)
    {
        if (!lines.TryGetValue(entry.GatewayOrderId, out var line))
        {
            return;
        }

        if (line.Count > 0 && line[0] == entry.OutboundId)
        {
            line.RemoveAt(0);
            if (line.Count > 0)
            {
                Queue(line[0], entry.GatewayOrderId);
            }
        }
        else
        {
            line.Remove(entry.OutboundId);
        }
    }

    private void Queue(string outboundId, string gatewayOrderId) => queue.Add(new QueuedOutbound($"{++sequence}-0", outboundId, gatewayOrderId));

    private OutboundIntakeResult? Remembered(string clientKey, string bodySha256) =>
        keys.TryGetValue(clientKey, out var record)
            ? new OutboundIntakeResult(string.Equals(record.BodySha256, bodySha256, StringComparison.Ordinal) ? OutboundIntakeOutcome.Duplicate : OutboundIntakeOutcome.Conflict, record.OutboundId)
            : null;

    private static void Add(Dictionary<string, List<string>> lists, string key, string value)
    {
        if (!lists.TryGetValue(key, out var list))
        {
            lists[key] = list = [];
        }

        list.Add(value);
    }
}
