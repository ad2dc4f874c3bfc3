using Punchout.Gateway.Redis;
using Punchout.Gateway.Security;

namespace Punchout.Gateway.Orders;

/// <summary>Support's view of an order: <c>GET /api/v1/orders/{id}</c>, behind the admin key.</summary>
public static class OrdersApi
{
    /// <summary>Maps the order API.</summary>
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/orders").AddEndpointFilter(new ApiKeyFilter(ApiKeyRole.Admin));
        group.MapGet("/{id}", async (string id, IOrderStore store, Outbound.IOutboundStore outbound, CancellationToken cancellationToken) =>
            id.Length <= 64 && await store.GetAsync(id, cancellationToken) is { } order
                ? Results.Json(await Outbound.OutboundView.OrderWithOutboundAsync(order, outbound, cancellationToken), GatewayJson.Options)
                : Problems.Of(StatusCodes.Status404NotFound, "unknown-order", "No such order", $"No order has the id '{id}'; the id is in the OrderRequest's answer and in the gateway's log."));
        return routes;
    }
}
