using System.Text.Json.Serialization;

namespace Punchout.Gateway.Outbound;

/// <summary>What an outbound document tells the buyer.</summary>
public enum OutboundType
{
    /// <summary>A ConfirmationRequest: the supplier accepts, changes or rejects the order.</summary>
    Confirmation,

    /// <summary>A ShipNoticeRequest: goods of the order have shipped.</summary>
    ShipNotice,
}

/// <summary>The names of outbound types in JSON, metrics and logs.</summary>
public static class OutboundNames
{
    /// <summary><c>confirmation</c> or <c>shipNotice</c>.</summary>
    public static string Of(OutboundType type) => type == OutboundType.Confirmation ? "confirmation" : "shipNotice";
}

/// <summary>Where an outbound document is on its way to the buyer.</summary>
public enum OutboundState
{
    /// <summary>Waiting to be sent, or to be tried again.</summary>
    Queued,

    /// <summary>The buyer answered with a 2xx Status.</summary>
    Delivered,

    /// <summary>The buyer refused it, or could not take it within the delivery window; support may replay it.</summary>
    DeadLettered,
}

/// <summary>A ConfirmationRequest or ShipNoticeRequest for one order, as the gateway keeps it until the buyer has it.</summary>
/// <remarks><see cref="Document"/> is the cXML sent, except that its Sender carries no SharedSecret: the buyer's secret
/// is added at each attempt from configuration, so it is never stored and a rotated secret applies at once.</remarks>
public sealed record OutboundDocument
{
    /// <summary>The gateway's id of the document (the outbound API's {id}).</summary>
    public required string Id { get; init; }

    /// <summary>Confirmation or ship notice.</summary>
    public required OutboundType Type { get; init; }

    /// <summary>The gateway's id of the order it is about.</summary>
    public required string GatewayOrderId { get; init; }

    /// <summary>The buyer's order number.</summary>
    public required string OrderId { get; init; }

    /// <summary>The buyer it goes to.</summary>
    public required string BuyerId { get; init; }

    /// <summary>The payloadID of the document, kept on every attempt so the buyer can spot a resend.</summary>
    public required string PayloadId { get; init; }

    /// <summary>The supplier's id of the document: the confirmID or shipmentID; null for a confirmation without one.</summary>
    public string? ClientId { get; init; }

    /// <summary>Who posted it: <c>erp</c> (the JSON API) or <c>cxml</c> (relayed from the supplier's own systems).</summary>
    public required string Source { get; init; }

    /// <summary>Where it is.</summary>
    public OutboundState State { get; init; }

    /// <summary>When it was posted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the buyer took it.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>The lines it confirms or ships, with their quantities; empty for a whole-order confirmation.</summary>
    public IReadOnlyList<OutboundLine> Lines { get; init; } = [];

    /// <summary>Why it was dead-lettered.</summary>
    public string? DeadLetterReason { get; init; }

    /// <summary>Every attempt to deliver it, oldest first, across replays.</summary>
    public IReadOnlyList<DeliveryAttempt> Attempts { get; init; } = [];

    /// <summary>When the delivery window of its current queueing started: its first attempt, or the first after a replay.</summary>
    public DateTimeOffset? WindowStartedAt { get; init; }

    /// <summary>The cXML document without the Sender's SharedSecret.</summary>
    public required string Document { get; init; }

    /// <summary>Attempts since it was last queued (posted or replayed): what the backoff counts.</summary>
    [JsonIgnore]
    public int AttemptsInWindow => WindowStartedAt is { } started ? Attempts.Count(a => a.At >= started) : 0;
}

/// <summary>One line of an order in an outbound document, and its quantity (the confirmed or shipped quantity).</summary>
public sealed record OutboundLine(int LineNumber, decimal Quantity);

/// <summary>One attempt to deliver a document.</summary>
/// <param name="At">When it started.</param>
/// <param name="Outcome"><c>delivered</c>, <c>refused</c> (permanent) or <c>failed</c> (to be tried again).</param>
/// <param name="Detail">What the buyer answered (HTTP and cXML status, the Status text), or the transport error.</param>
public sealed record DeliveryAttempt(DateTimeOffset At, string Outcome, string Detail);

/// <summary>What the store is asked to keep and queue: the document, and the key a resend of it is recognised by.</summary>
/// <param name="Document">The document, in state queued.</param>
/// <param name="ClientKey">The key of a resend (the ERP's confirmId or shipmentId for the order, or the payloadID a
/// relayed document came with); null when the document cannot be recognised again.</param>
/// <param name="BodySha256">The hash of what was posted, telling a resend from a conflicting reuse of the key.</param>
public sealed record OutboundIntake(OutboundDocument Document, string? ClientKey, string BodySha256);

/// <summary>What the store decided for an intake.</summary>
public enum OutboundIntakeOutcome
{
    /// <summary>Stored and queued.</summary>
    Accepted,

    /// <summary>The same key with the same body: the document stored the first time stands, nothing queued.</summary>
    Duplicate,

    /// <summary>The same key with another body: refused, nothing stored.</summary>
    Conflict,
}

/// <summary>The outcome of an intake and the document it concerns (the new one, or the one stored under the key).</summary>
public sealed record OutboundIntakeResult(OutboundIntakeOutcome Outcome, string OutboundId);

/// <summary>An entry of the outbound queue, as handed to the worker <paramref name="Consumer"/>.</summary>
/// <param name="EntryId">The queue entry.</param>
/// <param name="OutboundId">The document it stands for.</param>
/// <param name="GatewayOrderId">The order of the document, whose next document follows once this one is finished.</param>
/// <param name="Consumer">The worker it was handed to; only that worker may finish it.</param>
public sealed record QueuedOutbound(string EntryId, string OutboundId, string GatewayOrderId, string Consumer = "");

/// <summary>The idempotency record of a client key.</summary>
public sealed record OutboundKeyRecord(string BodySha256, string OutboundId);
