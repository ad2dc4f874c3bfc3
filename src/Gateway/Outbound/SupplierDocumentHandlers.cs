using Punchout.Gateway.Observability;
using Punchout.Gateway.Orders;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Fulfill;
using Punchout.Protocols.Handlers;

namespace Punchout.Gateway.Outbound;

/// <summary>Takes a ConfirmationRequest from the supplier's own systems and relays it to the buyer its To names,
/// through the outbound queue.</summary>
public sealed class ConfirmationRequestHandler(SupplierDocumentRelay relay) : CxmlRequestHandler<ConfirmationRequest>
{
    /// <inheritdoc />
    public override CxmlRequestSender Sender => CxmlRequestSender.Supplier;

    /// <inheritdoc />
    protected override async ValueTask<CxmlResponse> HandleAsync(CxmlRequestContext context, ConfirmationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await relay.RelayAsync(context, request, request.OrderReference, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Takes a ShipNoticeRequest (about one order) from the supplier's own systems and relays it to the buyer its
/// To names, through the outbound queue.</summary>
public sealed class ShipNoticeRequestHandler(SupplierDocumentRelay relay) : CxmlRequestHandler<ShipNoticeRequest>
{
    /// <inheritdoc />
    public override CxmlRequestSender Sender => CxmlRequestSender.Supplier;

    /// <inheritdoc />
    protected override async ValueTask<CxmlResponse> HandleAsync(CxmlRequestContext context, ShipNoticeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await relay.RelayAsync(context, request, request.Portions.Count == 1 ? request.Portions[0].OrderReference : null, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Relays a document from the supplier's own systems: finds the order its OrderReference names among the
/// buyer's, and hands it to <see cref="FulfillmentIntake"/> like a document the ERP posts as JSON.</summary>
/// <remarks>
/// The document is sent on with the gateway's envelope (a new payloadID, From the supplier, To the buyer, the buyer's
/// SharedSecret in the Sender) and its body as received. The order is found by the OrderReference's DocumentReference
/// (the payloadID of the OrderRequest), else by its orderID (the latest version). The payloadID it came with is its
/// idempotency key: the same document again is answered as the first time, another document under that payloadID 409.
/// Refusals are Status 400 with one <c>code: message</c> line per problem.
/// </remarks>
public sealed class SupplierDocumentRelay(IOrderStore orders, FulfillmentIntake intake, ILogger<SupplierDocumentRelay> logger)
{
    /// <summary>Relays <paramref name="payload"/>, about the order <paramref name="reference"/> names (null when it does
    /// not name exactly one).</summary>
    public async Task<CxmlResponse> RelayAsync(CxmlRequestContext context, CxmlRequestPayload payload, OrderReference? reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(payload);
        var payloadId = context.Envelope.PayloadId;
        if (reference is null)
        {
            return Refused(payload, payloadId, [new("one-order-per-notice", "A ship notice through this gateway is about one order, in one ShipNoticePortion.")]);
        }

        if (await FindOrderAsync(context.BuyerId, reference, cancellationToken).ConfigureAwait(false) is not { } order)
        {
            return Refused(payload, payloadId, [new("unknown-order", $"The OrderReference (orderID {reference.OrderId ?? "-"}, payloadID {reference.DocumentReference.PayloadId}) names no order of buyer {context.BuyerId} that this gateway accepted.")]);
        }

        var submission = new FulfillmentSubmission(
            intake.NewOutboundId(),
            order,
            payload,
            "cxml",
            $"cxml:{context.BuyerId}:{payloadId}",
            HashOf(context.Envelope),
            context.Envelope.Lang);
        var result = await intake.SubmitAsync(submission, cancellationToken).ConfigureAwait(false);
        return result.Outcome switch
        {
            FulfillmentOutcome.Queued or FulfillmentOutcome.Duplicate => new CxmlResponse(CxmlStatus.Of(
                CxmlStatusCodes.Ok,
                $"{payload.RequestName} for order {order.OrderId} is queued for buyer {order.BuyerId} as {result.Document!.Id} (payloadID {result.Document.PayloadId}).")),
            FulfillmentOutcome.Conflict => new CxmlResponse(CxmlStatus.Of(
                CxmlStatusCodes.Conflict,
                $"payloadID {payloadId} was already used for a different document ({result.Document?.Id}); send a new payloadID for a new document.")),
            FulfillmentOutcome.NoDeliveryUrl => Refused(payload, payloadId, [new("no-delivery-url", $"Buyer {order.BuyerId} takes no order status documents (no Cxml:OrderStatus:Url is configured).")]),
            _ => Refused(payload, payloadId, result.Problems),
        };
    }

    // The document's body as it will be sent, whatever the envelope: a resend through another hub or with another
    // timestamp is the same document.
    private static string HashOf(CxmlEnvelope envelope)
    {
        Credential[] none = [new("-", "-")];
        return OrderHashes.Of(CxmlWriter.ToBytes(new CxmlEnvelope { PayloadId = "-", Timestamp = DateTimeOffset.UnixEpoch, Header = new CxmlHeader(none, none, new CxmlSender(none, "-")), Body = envelope.Body }));
    }

    private async Task<OrderRecord?> FindOrderAsync(string buyerId, OrderReference reference, CancellationToken cancellationToken)
    {
        // The idempotency record of the OrderRequest's payloadID names its order, whatever the hash asked with.
        var byPayload = await orders.FindAsync(buyerId, reference.DocumentReference.PayloadId, string.Empty, cancellationToken).ConfigureAwait(false);
        if (byPayload is { GatewayOrderId.Length: > 0 } && await orders.GetAsync(byPayload.GatewayOrderId, cancellationToken).ConfigureAwait(false) is { } order)
        {
            return order;
        }

        return reference.OrderId is { } orderId && await orders.FindLatestAsync(buyerId, orderId, cancellationToken).ConfigureAwait(false) is { } latest
            ? await orders.GetAsync(latest.GatewayOrderId, cancellationToken).ConfigureAwait(false)
            : null;
    }

    private CxmlResponse Refused(CxmlRequestPayload payload, string payloadId, IReadOnlyList<FulfillmentProblem> problems)
    {
        var lines = string.Join("\n", problems);
        logger.SupplierDocumentRefused(payload.RequestName, payloadId, lines.ReplaceLineEndings("; "));
        return new CxmlResponse(CxmlStatus.Of(CxmlStatusCodes.BadRequest, $"The {payload.RequestName} cannot be relayed to the buyer:\n{lines}"));
    }
}
