using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Punchout.Gateway.Orders;
using Punchout.Gateway.Redis;

namespace Punchout.Gateway.Outbound;

/// <summary>An outbound document as the ERP and support see it: where it is, every attempt, and where to follow it.</summary>
/// <param name="Id">The document's id.</param>
/// <param name="Type">confirmation or shipNotice.</param>
/// <param name="GatewayOrderId">The gateway's id of the order.</param>
/// <param name="OrderId">The buyer's order number.</param>
/// <param name="BuyerId">The buyer.</param>
/// <param name="ClientId">The confirmID or shipmentID.</param>
/// <param name="PayloadId">The cXML payloadID, the same on every attempt.</param>
/// <param name="Source">erp (the JSON API) or cxml (relayed).</param>
/// <param name="State">queued, delivered or deadLettered.</param>
/// <param name="CreatedAt">When it was posted.</param>
/// <param name="DeliveredAt">When the buyer took it.</param>
/// <param name="Lines">The lines and quantities it confirms or ships.</param>
/// <param name="Attempts">Every delivery attempt, oldest first.</param>
/// <param name="DeadLetterReason">Why it was dead-lettered.</param>
/// <param name="Href">Where to follow it: <c>GET /api/v1/outbound/{id}</c>.</param>
/// <param name="Document">The cXML sent, without the Sender's SharedSecret; only in <c>GET /api/v1/outbound/{id}</c>.</param>
public sealed record OutboundView(
    string Id,
    OutboundType Type,
    string GatewayOrderId,
    string OrderId,
    string BuyerId,
    string? ClientId,
    string PayloadId,
    string Source,
    OutboundState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt,
    IReadOnlyList<OutboundLine> Lines,
    IReadOnlyList<DeliveryAttempt> Attempts,
    string? DeadLetterReason,
    string Href,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Document = null)
{
    /// <summary>The view of <paramref name="document"/>, with its cXML when <paramref name="withDocument"/>.</summary>
    public static OutboundView Of(OutboundDocument document, bool withDocument = false)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new(
            document.Id,
            document.Type,
            document.GatewayOrderId,
            document.OrderId,
            document.BuyerId,
            document.ClientId,
            document.PayloadId,
            document.Source,
            document.State,
            document.CreatedAt,
            document.DeliveredAt,
            document.Lines,
            document.Attempts,
            document.DeadLetterReason,
            $"/api/v1/outbound/{document.Id}",
            withDocument ? document.Document : null);
    }

    /// <summary>Support's view of an order: the order as stored, and its outbound documents under <c>outbound</c>.</summary>
    public static async Task<JsonNode> OrderWithOutboundAsync(OrderRecord order, IOutboundStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var view = JsonSerializer.SerializeToNode(order, GatewayJson.Options)!;
        var documents = await store.ListForOrderAsync(order.Id, cancellationToken).ConfigureAwait(false);
        view["outbound"] = JsonSerializer.SerializeToNode(documents.Select(d => Of(d)).ToList(), GatewayJson.Options);
        return view;
    }
}
