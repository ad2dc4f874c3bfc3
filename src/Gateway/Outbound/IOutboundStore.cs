namespace Punchout.Gateway.Outbound;

/// <summary>Outbound documents, their queue and their dead letters: Redis, or this process when none is configured.</summary>
/// <remarks>
/// Intake writes the document, its place in its order's line and, when it is the order's first waiting document, its
/// queue entry in one atomic step. Each order's documents go out one at a time, in the order they were posted: only
/// the first waiting document of an order is ever queued, and finishing it (delivered or dead-lettered) queues the
/// next. A document deferred after a failed attempt leaves the queue and comes back once its delay has passed, still
/// first in its order's line. A worker finishes an entry only while it still holds it: when another worker has
/// claimed the entry meanwhile, the finishing methods change nothing and answer false.
/// </remarks>
public interface IOutboundStore
{
    /// <summary>Stores and queues a document, or finds the document stored earlier under its client key.</summary>
    Task<OutboundIntakeResult> EnqueueAsync(OutboundIntake intake, CancellationToken cancellationToken);

    /// <summary>The document stored under <paramref name="clientKey"/>, as <see cref="EnqueueAsync"/> would judge a
    /// resend (duplicate or conflict by <paramref name="bodySha256"/>), without storing anything; null when the key is new.</summary>
    Task<OutboundIntakeResult?> FindAsync(string clientKey, string bodySha256, CancellationToken cancellationToken);

    /// <summary>The document with this id.</summary>
    Task<OutboundDocument?> GetAsync(string outboundId, CancellationToken cancellationToken);

    /// <summary>Every document of the order, in the order they were posted.</summary>
    Task<IReadOnlyList<OutboundDocument>> ListForOrderAsync(string gatewayOrderId, CancellationToken cancellationToken);

    /// <summary>Queue entries for <paramref name="consumer"/>: deferred documents whose delay has passed are queued
    /// again first; then entries left unfinished longer than <paramref name="claimIdle"/> (by a crashed worker), then new ones.</summary>
    Task<IReadOnlyList<QueuedOutbound>> ReadQueueAsync(string consumer, int count, TimeSpan claimIdle, CancellationToken cancellationToken);

    /// <summary>Saves the delivered document, takes its entry off the queue and queues the order's next document, together.</summary>
    Task<bool> CompleteAsync(QueuedOutbound entry, OutboundDocument document, CancellationToken cancellationToken);

    /// <summary>Saves the document and takes its entry off the queue until <paramref name="retryAfter"/> has passed;
    /// the order's later documents keep waiting behind it.</summary>
    Task<bool> DeferAsync(QueuedOutbound entry, OutboundDocument document, TimeSpan retryAfter, CancellationToken cancellationToken);

    /// <summary>Saves the document, adds it to the dead letters with its reason, takes its entry off the queue and
    /// queues the order's next document, together.</summary>
    Task<bool> DeadLetterAsync(QueuedOutbound entry, OutboundDocument document, CancellationToken cancellationToken);

    /// <summary>Takes an entry that needs no work (its document is gone or finished) off the queue and queues the
    /// order's next document.</summary>
    Task<bool> AcknowledgeAsync(QueuedOutbound entry, CancellationToken cancellationToken);

    /// <summary>Saves <paramref name="requeued"/> and puts it at the end of its order's line, only while the stored
    /// document is dead-lettered (so two replays cannot queue it twice); false otherwise.</summary>
    Task<bool> ReplayAsync(OutboundDocument requeued, CancellationToken cancellationToken);
}
