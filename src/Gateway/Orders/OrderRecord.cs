using Punchout.Validation.Erp;

namespace Punchout.Gateway.Orders;

/// <summary>Where an order is on its way to the ERP.</summary>
public enum OrderState
{
    /// <summary>Accepted and queued; not yet tried with the ERP.</summary>
    Received,

    /// <summary>Tried: the ERP could not take it yet, and it is tried again at <see cref="OrderRecord.NextAttemptAt"/>,
    /// within the forwarding window.</summary>
    Forwarding,

    /// <summary>The ERP took it.</summary>
    Forwarded,

    /// <summary>It could not be forwarded (the ERP refused it, or the window is spent); support must act.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("dead-lettered")]
    DeadLettered,

    /// <summary>Parked by the <c>Async</c> credit check (a hold or an over-limit), with the ERP's reason; it sits with
    /// the dead letters, and support releases it by replaying it.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("credit-hold")]
    CreditHold,
}

/// <summary>An order as the gateway keeps it: what the ERP is sent, and what happened so far.</summary>
public sealed record OrderRecord
{
    /// <summary>The gateway's id of the order (the order API's {id}).</summary>
    public required string Id { get; init; }

    /// <summary>The buyer.</summary>
    public required string BuyerId { get; init; }

    /// <summary>The OrderRequest's payloadID.</summary>
    public required string PayloadId { get; init; }

    /// <summary>The buyer's order number.</summary>
    public required string OrderId { get; init; }

    /// <summary>Where the order is.</summary>
    public OrderState State { get; init; }

    /// <summary>When the OrderRequest arrived.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The body the ERP is sent.</summary>
    public required ErpOrder Erp { get; init; }

    /// <summary>The ERP's id, once it took the order.</summary>
    public string? ErpOrderId { get; init; }

    /// <summary>Why it was dead-lettered or parked in credit-hold.</summary>
    public string? DeadLetterReason { get; init; }

    /// <summary>What support should look at (<see cref="ErpOrderFlags"/>), as the ERP is sent them; empty when nothing.</summary>
    public IReadOnlyList<string> Flags => Erp.Flags ?? [];

    /// <summary>Every attempt to forward it, oldest first; support's replays are listed among them.</summary>
    public IReadOnlyList<ForwardingAttempt> Attempts { get; init; } = [];

    /// <summary>When the next attempt is due, while <see cref="OrderState.Forwarding"/>.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>When the <c>Async</c> credit check passed for this order; it is not checked again on a retry.</summary>
    public DateTimeOffset? CreditPassedAt { get; init; }

    /// <summary>For an update or delete: the gateway id of the version it changes (the latest accepted before it).</summary>
    public string? Changes { get; init; }

    /// <summary>The attempts since support last replayed the order (all of them when it never was): the forwarding
    /// window runs from the first of these.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<ForwardingAttempt> AttemptsSinceReplay
    {
        get
        {
            var lastReplay = -1;
            for (var i = 0; i < Attempts.Count; i++)
            {
                lastReplay = Attempts[i].Outcome == ForwardingAttempt.Replayed ? i : lastReplay;
            }

            return Attempts.Skip(lastReplay + 1);
        }
    }

    /// <summary>The key the ERP deduplicates on: buyer, orderID, type and version, so a resend under any payloadID is
    /// one order; a test-mode order's key ends in <c>:test</c>, so it never stands in for a production order of the
    /// same number.</summary>
    public string IdempotencyKey =>
        string.Join(':', new[] { BuyerId, Erp.OrderId, Erp.Type, Erp.OrderVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Select(Uri.EscapeDataString))
        + (Erp.Test ? ":test" : string.Empty);
}

/// <summary>One attempt to hand an order to the ERP, or support's replay of it.</summary>
public sealed record ForwardingAttempt(DateTimeOffset At, string Outcome, string? Detail)
{
    /// <summary>The <see cref="Outcome"/> of support's replay: the order went back to the queue.</summary>
    public const string Replayed = "replayed";
}

/// <summary>What intake is asked to store: the order, the hash of the document, and the answer to give again on a resend.</summary>
/// <param name="Order">The order.</param>
/// <param name="BodySha256">The hash a resend under the same payloadID is compared by.</param>
/// <param name="Answer">The answer, given again to resends.</param>
/// <param name="Retention">How long the payloadID and the business key are remembered.</param>
/// <param name="ContentSha256">The hash a resend under a new payloadID (the same business key) is compared by: the
/// document without its payloadID. Null: <paramref name="BodySha256"/>.</param>
public sealed record OrderIntake(OrderRecord Order, string BodySha256, IdempotencyAnswer Answer, TimeSpan Retention, string? ContentSha256 = null)
{
    /// <summary>The hash of the order's content, without its payloadID.</summary>
    public string ContentHash => ContentSha256 ?? BodySha256;
}

/// <summary>The names of the order states, as the API and the Redis keys spell them.</summary>
public static class OrderStates
{
    /// <summary>Every state, in the order an order goes through them.</summary>
    public static IReadOnlyList<OrderState> All { get; } = Enum.GetValues<OrderState>();

    /// <summary>The state's name: <c>received</c>, <c>forwarding</c>, <c>forwarded</c>, <c>dead-lettered</c>, <c>credit-hold</c>.</summary>
    public static string Name(OrderState state) => state switch
    {
        OrderState.DeadLettered => "dead-lettered",
        OrderState.CreditHold => "credit-hold",
        _ => state.ToString().ToLowerInvariant(),
    };

    /// <summary>The state named <paramref name="name"/>, in any letter case; null when there is none.</summary>
    public static OrderState? Parse(string? name) => All.Where(s => string.Equals(Name(s), name?.Trim(), StringComparison.OrdinalIgnoreCase)).Select(s => (OrderState?)s).FirstOrDefault();

    /// <summary>Whether the gateway is done with an order in <paramref name="state"/> unless support replays it.</summary>
    public static bool IsFinished(OrderState state) => state is OrderState.Forwarded or OrderState.DeadLettered or OrderState.CreditHold;
}

/// <summary>The Status an OrderRequest was answered with, kept for resends.</summary>
public sealed record IdempotencyAnswer(int Code, string Text, string? Detail);

/// <summary>What intake decided.</summary>
public enum IntakeOutcome
{
    /// <summary>New: stored and queued.</summary>
    Accepted,

    /// <summary>The same payloadID with the same document: answered as before, nothing queued.</summary>
    Duplicate,

    /// <summary>The same payloadID with a different document: refused.</summary>
    Conflict,

    /// <summary>An update or delete of an order (buyer, orderID) not stored, or deleted: refused, nothing stored.</summary>
    UnknownOrder,

    /// <summary>An update or delete whose orderVersion is not above the stored one's: refused, nothing stored.</summary>
    StaleVersion,

    /// <summary>A new payloadID for an order already accepted (the same buyer, orderID, type and orderVersion) with the
    /// same content: answered as the first, not queued again. The payloadID is remembered for it.</summary>
    SameOrder,

    /// <summary>A new payloadID for an order already accepted (the same buyer, orderID, type and orderVersion) with
    /// different content: refused, nothing stored; a change needs a higher orderVersion.</summary>
    SameOrderConflict,
}

/// <summary>The result of intake, with the answer to give.</summary>
public sealed record IntakeResult(IntakeOutcome Outcome, string GatewayOrderId, IdempotencyAnswer Answer, StoredOrderVersion? Latest = null);

/// <summary>The latest accepted version of an order (buyer, orderID): its orderVersion, type (new, update, delete),
/// orderType (regular, blanket, release, ...), payloadID and gateway order id.</summary>
public sealed record StoredOrderVersion(int OrderVersion, string Type, string OrderType, string PayloadId, string GatewayOrderId)
{
    /// <summary>The version of <paramref name="order"/>.</summary>
    public static StoredOrderVersion Of(OrderRecord order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new(order.Erp.OrderVersion, order.Erp.Type, order.Erp.OrderType, order.PayloadId, order.Id);
    }

    /// <summary>Whether this version deleted the order.</summary>
    public bool IsDelete => Type == "delete";

    /// <summary>What intake decides for <paramref name="order"/> given the latest stored version (null: none): null when
    /// it may be accepted; a new order always may (a resent or reused orderID is not refused), an update or delete
    /// needs a stored, not deleted order with a lower orderVersion.</summary>
    public static IntakeOutcome? Refusal(StoredOrderVersion? latest, OrderRecord order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Erp.Type is not ("update" or "delete"))
        {
            return null;
        }

        return latest is null || latest.IsDelete ? IntakeOutcome.UnknownOrder
            : order.Erp.OrderVersion <= latest.OrderVersion ? IntakeOutcome.StaleVersion
            : null;
    }
}

/// <summary>An entry of the order queue, as handed to the worker <paramref name="Consumer"/>.</summary>
/// <param name="EntryId">The queue entry.</param>
/// <param name="GatewayOrderId">The order it stands for.</param>
/// <param name="Consumer">The worker it was handed to; only that worker may finish it.</param>
/// <param name="BuyerId">The order's buyer, whose lane it stands in.</param>
public sealed record QueuedOrder(string EntryId, string GatewayOrderId, string Consumer = "", string BuyerId = "");

/// <summary>The idempotency record of (buyer, payloadID).</summary>
public sealed record IdempotencyRecord(string BodySha256, string GatewayOrderId, IdempotencyAnswer Answer);
