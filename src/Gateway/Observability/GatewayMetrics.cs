using System.Diagnostics.Metrics;
using Punchout.Gateway.Configuration;
using Punchout.Protocols.Signatures;

namespace Punchout.Gateway.Observability;

/// <summary>The gateway's business metrics: every counter is labelled by buyer, with bounded values and no secrets.</summary>
/// <remarks>Label values are bounded here, whatever a caller passes: a buyer is a configured buyer's id or
/// <see cref="UnknownBuyer"/>, a protocol <c>cxml</c> or <c>oci</c>, a refusal reason one of a fixed list of codes or
/// <see cref="OtherReason"/> (docs/operations.md).</remarks>
public sealed partial class GatewayMetrics
{
    /// <summary>The meter every instrument belongs to.</summary>
    public const string MeterName = "Punchout.Gateway";

    /// <summary>The buyer label for a document whose credentials name no configured buyer.</summary>
    public const string UnknownBuyer = "unknown";

    private readonly Counter<long> sessionsStarted;
    private readonly Counter<long> cartsReturned;
    private readonly Counter<long> cartsRefused;
    private readonly Counter<long> sessionsCancelled;
    private readonly Counter<long> ordersReceived;
    private readonly Counter<long> ordersDuplicate;
    private readonly Counter<long> ordersRefused;
    private readonly Counter<long> ordersForwarded;
    private readonly Counter<long> ordersForwardFailed;
    private readonly Counter<long> ordersRetried;
    private readonly Counter<long> ordersCreditHold;
    private readonly Counter<long> ordersFlagged;
    private readonly Counter<long> authenticationFailures;
    private readonly Counter<long> signaturesRefused;
    private readonly Counter<long> ordersReplayed;
    private readonly Counter<long> sessionsExpired;
    private readonly Counter<long> cartLinesRepriced;
    private readonly BuyerDirectory? buyers;
    private volatile IReadOnlyList<QueueGauge> queue = [];

    /// <summary>Creates the instruments on the host's meter factory.</summary>
    /// <param name="meterFactory">The host's meter factory.</param>
    /// <param name="buyers">The configured buyers, the only buyer label values besides <see cref="UnknownBuyer"/>;
    /// without it (unit tests) buyer labels are taken as given.</param>
    public GatewayMetrics(IMeterFactory meterFactory, BuyerDirectory? buyers = null)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        this.buyers = buyers;
        var meter = meterFactory.Create(MeterName);
        outbound = new OutboundCounters(meter);
        CreateOperationInstruments(meter);
        sessionsExpired = meter.CreateCounter<long>("punchout.sessions.expired", description: "Punchout sessions that reached their lifetime (Sessions:Ttl) without a cart or a cancel: abandoned at the storefront, or never opened.");
        cartLinesRepriced = meter.CreateCounter<long>("punchout.carts.repriced", description: "Cart lines returned at the ERP's contract price instead of the storefront's (PriceMismatch: UseErpPrice, or a difference within PriceTolerance).");
        sessionsStarted = meter.CreateCounter<long>("punchout.sessions.started", description: "Punchout sessions created by a setup request or call-up.");
        cartsReturned = meter.CreateCounter<long>("punchout.carts.returned", description: "Carts accepted and handed back to the procurement system.");
        cartsRefused = meter.CreateCounter<long>("punchout.carts.refused", description: "Cart lines refused, by reason (a problem code, pricing-unavailable, oci-field or a credit code).");
        sessionsCancelled = meter.CreateCounter<long>("punchout.sessions.cancelled", description: "Sessions ended by the storefront with an empty cart.");
        ordersReceived = meter.CreateCounter<long>("punchout.orders.received", description: "OrderRequests accepted for forwarding.");
        ordersDuplicate = meter.CreateCounter<long>("punchout.orders.duplicate", description: "OrderRequests resent and answered from the idempotency record.");
        ordersRefused = meter.CreateCounter<long>("punchout.orders.refused", description: "OrderRequests refused at intake, by reason: a rule or ERP code (not-entitled, unknown-part), or erp-unavailable.");
        ordersForwarded = meter.CreateCounter<long>("punchout.orders.forwarded", description: "Orders the ERP took.");
        ordersForwardFailed = meter.CreateCounter<long>("punchout.orders.forward_failed", description: "Orders that could not be forwarded to the ERP and were dead-lettered.");
        ordersRetried = meter.CreateCounter<long>("punchout.orders.retried", description: "Forwarding attempts the ERP could not take, to be tried again: rises during an ERP outage.");
        ordersCreditHold = meter.CreateCounter<long>("punchout.orders.credit_hold", description: "Orders the Async credit check parked in credit-hold instead of forwarding, by reason (credit-hold, credit-over-limit).");
        ordersFlagged = meter.CreateCounter<long>("punchout.orders.flagged", description: "Orders accepted with a flag for support, by flag (taxed-but-exempt).");
        authenticationFailures = meter.CreateCounter<long>("punchout.auth.failures", description: "Documents refused for unknown or wrong credentials.");
        signaturesRefused = meter.CreateCounter<long>("punchout.signatures.refused", description: "Documents refused for their XML signature: missing, not verifying or unacceptable.");
        ordersReplayed = meter.CreateCounter<long>("punchout.orders.replayed", description: "Dead-lettered or credit-held orders support sent back to the queue, by the state they were in.");
        meter.CreateObservableGauge("punchout.orders.queue_depth", () => queue.Select(q => new Measurement<long>(q.Depth, Buyer(q.Buyer))), description: "Orders accepted and not yet forwarded or dead-lettered (queued, retrying, or waiting behind an earlier order of the buyer or a pause).");
        meter.CreateObservableGauge("punchout.orders.queue_oldest_age_seconds", () => queue.Select(q => new Measurement<double>(q.OldestAgeSeconds, Buyer(q.Buyer))), description: "How long the oldest unfinished order of the buyer has waited since it arrived.");
    }

    /// <summary>Support replayed an order that was in <paramref name="state"/> (dead-lettered, credit-hold).</summary>
    public void OrderReplayed(string buyer, string state) => ordersReplayed.Add(1, Buyer(buyer), new KeyValuePair<string, object?>("from", state));

    /// <summary>The forwarding queue as last read: one figure per buyer with unfinished orders (a buyer with none drops out).</summary>
    public void QueueObserved(IReadOnlyList<QueueGauge> buyers) => queue = buyers;

    /// <summary>A punchout session was created.</summary>
    public void SessionStarted(string buyer, string protocol) => sessionsStarted.Add(1, Buyer(buyer), Protocol(protocol));

    /// <summary>A punchout session reached its lifetime while still open (created or started).</summary>
    public void SessionExpired(string buyer, string protocol) => sessionsExpired.Add(1, Buyer(buyer), Protocol(protocol));

    /// <summary>A cart went back to the procurement system.</summary>
    public void CartReturned(string buyer, string protocol) => cartsReturned.Add(1, Buyer(buyer), Protocol(protocol));

    /// <summary><paramref name="lines"/> lines of a returned cart went back at the ERP's price, not the storefront's.</summary>
    public void CartLinesRepriced(string buyer, string protocol, int lines)
    {
        if (lines > 0)
        {
            cartLinesRepriced.Add(lines, Buyer(buyer), Protocol(protocol));
        }
    }

    /// <summary>A cart line was refused for <paramref name="reason"/> (a problem code; any other is counted as
    /// <see cref="OtherReason"/>).</summary>
    public void CartLineRefused(string buyer, string protocol, string reason) =>
        cartsRefused.Add(1, Buyer(buyer), Protocol(protocol), Reason(reason, CartRefusalReasons));

    /// <summary>The storefront ended a session with an empty cart.</summary>
    public void SessionCancelled(string buyer, string protocol) => sessionsCancelled.Add(1, Buyer(buyer), Protocol(protocol));

    /// <summary>An order was accepted for forwarding.</summary>
    public void OrderReceived(string buyer) => ordersReceived.Add(1, Buyer(buyer));

    /// <summary>A resent order was answered from its idempotency record.</summary>
    public void OrderDuplicate(string buyer) => ordersDuplicate.Add(1, Buyer(buyer));

    /// <summary>An OrderRequest was refused at intake, nothing stored; counted once per distinct reason (a rule or ERP
    /// code; any other is counted as <see cref="OtherReason"/>).</summary>
    public void OrderRefused(string buyer, string reason) => ordersRefused.Add(1, Buyer(buyer), Reason(reason, OrderRefusalReasons));

    /// <summary>The ERP took an order.</summary>
    public void OrderForwarded(string buyer) => ordersForwarded.Add(1, Buyer(buyer));

    /// <summary>An order could not be forwarded and was dead-lettered: the alert of the order flow.</summary>
    public void OrderForwardFailed(string buyer, string reason) => ordersForwardFailed.Add(1, Buyer(buyer), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>The ERP could not take an order now; it is tried again later.</summary>
    public void OrderRetried(string buyer) => ordersRetried.Add(1, Buyer(buyer));

    /// <summary>The Async credit check parked an order in credit-hold: support must release it or cancel it.</summary>
    public void OrderCreditHold(string buyer, string reason) => ordersCreditHold.Add(1, Buyer(buyer), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>An accepted order was flagged for support with <paramref name="flag"/>.</summary>
    public void OrderFlagged(string buyer, string flag) => ordersFlagged.Add(1, Buyer(buyer), new KeyValuePair<string, object?>("flag", flag));

    /// <summary>A document's credentials were refused.</summary>
    public void AuthenticationFailed(string buyer, string protocol) => authenticationFailures.Add(1, Buyer(buyer), Protocol(protocol));

    /// <summary>A document was refused for its signature (<paramref name="status"/> is never Verified).</summary>
    public void SignatureRefused(string buyer, CxmlSignatureStatus status) => signaturesRefused.Add(
        1,
        Buyer(buyer),
        new KeyValuePair<string, object?>("reason", status switch
        {
            CxmlSignatureStatus.Missing => "missing",
            CxmlSignatureStatus.DoesNotVerify => "does_not_verify",
            _ => "unacceptable",
        }));

    // Order status to the buyer. Kept together at the end of the class (and created in one line of the constructor).
    private readonly OutboundCounters outbound;

    /// <summary>A ConfirmationRequest or ShipNoticeRequest (<paramref name="type"/>: confirmation, shipNotice) was queued for the buyer.</summary>
    public void OutboundQueued(string buyer, string type) => outbound.Queued.Add(1, Buyer(buyer), Type(type));

    /// <summary>The buyer took a document (a 2xx Status).</summary>
    public void OutboundDelivered(string buyer, string type) => outbound.Delivered.Add(1, Buyer(buyer), Type(type));

    /// <summary>The buyer could not take a document now; it is tried again later.</summary>
    public void OutboundRetried(string buyer, string type) => outbound.Retried.Add(1, Buyer(buyer), Type(type));

    /// <summary>A document was dead-lettered, for <paramref name="reason"/>: refused (the buyer answered 4xx), unavailable
    /// (the delivery window is spent) or unconfigured (the buyer no longer has an order status URL).</summary>
    public void OutboundFailed(string buyer, string type, string reason) => outbound.Failed.Add(1, Buyer(buyer), Type(type), new KeyValuePair<string, object?>("reason", reason));

    private static KeyValuePair<string, object?> Type(string type) => new("type", type);

    private sealed class OutboundCounters(Meter meter)
    {
        public Counter<long> Queued { get; } = meter.CreateCounter<long>("punchout.outbound.queued", description: "ConfirmationRequests and ShipNoticeRequests queued for the buyer, by type.");

        public Counter<long> Delivered { get; } = meter.CreateCounter<long>("punchout.outbound.delivered", description: "Order status documents the buyer took, by type.");

        public Counter<long> Retried { get; } = meter.CreateCounter<long>("punchout.outbound.retried", description: "Delivery attempts the buyer could not take (5xx, timeout, no connection), to be tried again: rises while a buyer is down.");

        public Counter<long> Failed { get; } = meter.CreateCounter<long>("punchout.outbound.failed", description: "Order status documents dead-lettered, by type and reason (refused, unavailable, unconfigured): the alert of the outbound flow.");
    }
}

/// <summary>One buyer's unfinished orders: how many, and the age of the oldest in seconds.</summary>
public sealed record QueueGauge(string Buyer, long Depth, double OldestAgeSeconds);
