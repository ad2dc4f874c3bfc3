using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Observability;
using Punchout.Gateway.Orders;
using Punchout.Gateway.Redis;
using Punchout.Gateway.Security;

namespace Punchout.Gateway.Outbound;

/// <summary>The ERP's order status API: <c>POST /api/v1/orders/{id}/confirmations</c> and <c>…/shipments</c> (ERP key),
/// <c>GET /api/v1/outbound/{id}</c> (ERP or admin key) and <c>POST /api/v1/outbound/{id}/replay</c> (admin key).</summary>
/// <remarks>Answers 202 with the queued document and where to follow it; a resend with the same confirmId or
/// shipmentId and the same body 202 with the same document; 400 for unreadable JSON, 404 for an unknown order, 409 for a
/// buyer with no order status URL or an id reused for another body, 422 listing every problem, each with its code.</remarks>
public sealed class OrderStatusApi(
    IOrderStore orders,
    IOutboundStore outbound,
    FulfillmentIntake intake,
    BuyerDirectory buyers,
    TimeProvider clock,
    ILogger<OrderStatusApi> logger)
{
    /// <summary>Maps the order status API.</summary>
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder routes)
    {
        var erp = routes.MapGroup("/api/v1/orders")
            .AddEndpointFilter(new ApiKeyFilter(ApiKeyRole.Erp))
            .WithTags("Erp")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        erp.MapPost("/{id}/confirmations", (string id, HttpRequest request, OrderStatusApi api, CancellationToken cancellationToken) => api.ConfirmAsync(id, request, cancellationToken))
            .WithName("PostConfirmation")
            .WithSummary("The ERP confirms, changes or rejects an order; the buyer gets a ConfirmationRequest. 202 with the queued document.")
            .Accepts<ErpConfirmation>("application/json")
            .Produces<OutboundView>(StatusCodes.Status202Accepted);
        erp.MapPost("/{id}/shipments", (string id, HttpRequest request, OrderStatusApi api, CancellationToken cancellationToken) => api.ShipAsync(id, request, cancellationToken))
            .WithName("PostShipment")
            .WithSummary("The ERP reports a shipment of an order; the buyer gets a ShipNoticeRequest. 202 with the queued document.")
            .Accepts<ErpShipment>("application/json")
            .Produces<OutboundView>(StatusCodes.Status202Accepted);

        var documents = routes.MapGroup("/api/v1/outbound").WithTags("Erp");
        documents.MapGet("/{id}", (string id, OrderStatusApi api, CancellationToken cancellationToken) => api.GetAsync(id, cancellationToken))
            .AddEndpointFilter(new ApiKeyFilter(ApiKeyRole.Erp, ApiKeyRole.Admin))
            .WithName("GetOutboundDocument")
            .WithSummary("An outbound document: its state, every delivery attempt, and the cXML sent (without the SharedSecret).")
            .Produces<OutboundView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapPost("/{id}/replay", (string id, OrderStatusApi api, CancellationToken cancellationToken) => api.ReplayAsync(id, cancellationToken))
            .AddEndpointFilter(new ApiKeyFilter(ApiKeyRole.Admin))
            .WithName("ReplayOutboundDocument")
            .WithSummary("Support queues a dead-lettered document again, behind the order's waiting documents.")
            .Produces<OutboundView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private async Task<IResult> ConfirmAsync(string id, HttpRequest request, CancellationToken cancellationToken)
    {
        if (await FindOrderAsync(id, cancellationToken) is not { } order)
        {
            return UnknownOrder(id);
        }

        if (!intake.Delivers(order, OutboundType.Confirmation))
        {
            return NoDeliveryUrl(order.BuyerId);
        }

        var (posted, unreadable) = await JsonBody.ReadAsync<ErpConfirmation>(request, "confirmation", "docs/order-status.md", cancellationToken);
        if (posted is null)
        {
            return unreadable!;
        }

        var outboundId = intake.NewOutboundId();
        var (confirmation, problems) = ErpFulfillment.ToConfirmation(posted, order, clock.GetUtcNow());
        if (confirmation is null)
        {
            return Invalid("confirmation", problems);
        }

        var clientKey = posted.ConfirmId is { } confirmId ? $"erp:{order.Id}:confirmation:{confirmId}" : null;
        return Answer("confirmation", "confirmId", "confirm-id-conflict", order, await intake.SubmitAsync(new FulfillmentSubmission(outboundId, order, confirmation, "erp", clientKey, FulfillmentIntake.HashOf(posted)), cancellationToken));
    }

    private async Task<IResult> ShipAsync(string id, HttpRequest request, CancellationToken cancellationToken)
    {
        if (await FindOrderAsync(id, cancellationToken) is not { } order)
        {
            return UnknownOrder(id);
        }

        if (!intake.Delivers(order, OutboundType.ShipNotice))
        {
            return NoDeliveryUrl(order.BuyerId);
        }

        var (posted, unreadable) = await JsonBody.ReadAsync<ErpShipment>(request, "shipment", "docs/order-status.md", cancellationToken);
        if (posted is null)
        {
            return unreadable!;
        }

        var outboundId = intake.NewOutboundId();
        var (notice, problems) = ErpFulfillment.ToShipNotice(posted, order, outboundId, clock.GetUtcNow());
        if (notice is null)
        {
            return Invalid("shipment", problems);
        }

        var clientKey = posted.ShipmentId is { } shipmentId ? $"erp:{order.Id}:shipment:{shipmentId}" : null;
        return Answer("shipment", "shipmentId", "shipment-id-conflict", order, await intake.SubmitAsync(new FulfillmentSubmission(outboundId, order, notice, "erp", clientKey, FulfillmentIntake.HashOf(posted)), cancellationToken));
    }

    private async Task<IResult> GetAsync(string id, CancellationToken cancellationToken) =>
        await FindDocumentAsync(id, cancellationToken) is { } document
            ? Results.Json(OutboundView.Of(document, withDocument: true), GatewayJson.Options)
            : UnknownDocument(id);

    private async Task<IResult> ReplayAsync(string id, CancellationToken cancellationToken)
    {
        if (await FindDocumentAsync(id, cancellationToken) is not { } document)
        {
            return UnknownDocument(id);
        }

        if (document.State != OutboundState.DeadLettered)
        {
            return NotDeadLettered(document);
        }

        if (buyers.Find(document.BuyerId) is not { OrderStatusUrl: not null })
        {
            return NoDeliveryUrl(document.BuyerId);
        }

        // The attempts stay, for the history; the delivery window starts again with the next attempt.
        var requeued = document with { State = OutboundState.Queued, DeadLetterReason = null, WindowStartedAt = null };
        if (!await outbound.ReplayAsync(requeued, cancellationToken))
        {
            return NotDeadLettered(document);
        }

        logger.OutboundReplayed(OutboundNames.Of(document.Type), document.Id, document.PayloadId, document.GatewayOrderId, document.BuyerId, document.Attempts.Count);
        return Accepted(requeued);
    }

    private static IResult Answer(string what, string idField, string conflictCode, OrderRecord order, FulfillmentResult result) => result.Outcome switch
    {
        FulfillmentOutcome.Queued or FulfillmentOutcome.Duplicate => Accepted(result.Document!),
        FulfillmentOutcome.NoDeliveryUrl => NoDeliveryUrl(order.BuyerId),
        FulfillmentOutcome.Conflict => Problems.Of(
            StatusCodes.Status409Conflict,
            conflictCode,
            $"The {idField} was used for another {what}",
            $"{result.Document?.ClientId} was already posted for order {order.Id} with a different body, as {result.Document?.Id}; give a changed {what} a new {idField}.",
            new Dictionary<string, object?> { ["outboundId"] = result.Document?.Id }),
        _ => Invalid(what, result.Problems),
    };

    // 202 with the document's view, and its address in Location.
    private static Accepted<JsonNode> Accepted(OutboundDocument document)
    {
        var view = OutboundView.Of(document);
        return TypedResults.Accepted(view.Href, JsonSerializer.SerializeToNode(view, GatewayJson.Options)!);
    }

    private static IResult Invalid(string what, IReadOnlyList<FulfillmentProblem> problems) => Problems.Of(
        StatusCodes.Status422UnprocessableEntity,
        $"invalid-{what}",
        $"The {what} cannot be sent to the buyer",
        $"{problems.Count} problem(s) must be fixed; each is listed in errors. Nothing was stored.",
        new Dictionary<string, object?> { ["errors"] = problems.Select(p => new { line = p.Line, code = p.Code, message = p.Message }).ToList() });

    private static IResult NoDeliveryUrl(string buyerId) => Problems.Of(
        StatusCodes.Status409Conflict,
        "no-delivery-url",
        "The buyer takes no order status documents",
        $"Buyer {buyerId} has no Cxml:OrderStatus:Url configured, so nothing can be sent to it; nothing was stored.");

    private static IResult NotDeadLettered(OutboundDocument document) => Problems.Of(
        StatusCodes.Status409Conflict,
        "not-dead-lettered",
        "Only a dead-lettered document can be replayed",
        $"Document {document.Id} is {JsonNamingPolicy.CamelCase.ConvertName(document.State.ToString())}.");

    private static IResult UnknownOrder(string id) =>
        Problems.Of(StatusCodes.Status404NotFound, "unknown-order", "No such order", $"No order has the id '{id}'; it is the gateway's id of the order (ord-…), as the OrderRequest's answer and GET /api/v1/orders/{{id}} show it.");

    private static IResult UnknownDocument(string id) =>
        Problems.Of(StatusCodes.Status404NotFound, "unknown-document", "No such outbound document", $"No outbound document has the id '{id}'.");

    private async Task<OrderRecord?> FindOrderAsync(string id, CancellationToken cancellationToken) =>
        id.Length <= 64 ? await orders.GetAsync(id, cancellationToken) : null;

    private async Task<OutboundDocument?> FindDocumentAsync(string id, CancellationToken cancellationToken) =>
        id.Length <= 64 ? await outbound.GetAsync(id, cancellationToken) : null;
}
