using Punchout.Gateway.Configuration;
using Punchout.Gateway.Observability;
using Punchout.Gateway.Redis;
using Punchout.Gateway.Security;

namespace Punchout.Gateway.Orders;

/// <summary>Support's view of the orders, behind the admin key: <c>GET /api/v1/orders/{id}</c>, <c>GET
/// /api/v1/orders?state=…</c>, <c>POST /api/v1/orders/{id}/replay</c>, and the forwarding switch
/// <c>/api/v1/forwarding</c> (status, pause, resume, drain).</summary>
public static class OrdersApi
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 500;

    /// <summary>Maps the order API.</summary>
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/orders").AddEndpointFilter(new ApiKeyFilter(ApiKeyRole.Admin));
        group.MapGet("/{id}", async (string id, IOrderStore store, Outbound.IOutboundStore outbound, CancellationToken cancellationToken) =>
            await FindAsync(store, id, cancellationToken) is { } order
                ? Results.Json(await Outbound.OutboundView.OrderWithOutboundAsync(order, outbound, cancellationToken), GatewayJson.Options)
                : UnknownOrder(id));
        group.MapGet("/", ListAsync);
        group.MapPost("/{id}/replay", ReplayAsync);

        var forwarding = routes.MapGroup("/api/v1/forwarding").AddEndpointFilter(new ApiKeyFilter(ApiKeyRole.Admin));
        forwarding.MapGet("/", async (IOrderStore store, TimeProvider clock, CancellationToken cancellationToken) =>
            Results.Json(View(await store.GetForwardingStatusAsync(cancellationToken), clock.GetUtcNow()), GatewayJson.Options));
        forwarding.MapPost("/pause", (string? buyer, IOrderStore store, BuyerDirectory buyers, TimeProvider clock, ILogger<OrderForwardingWorker> logger, CancellationToken cancellationToken) =>
            SwitchAsync(buyer, paused: true, store, buyers, clock, logger, cancellationToken));
        forwarding.MapPost("/resume", (string? buyer, IOrderStore store, BuyerDirectory buyers, TimeProvider clock, ILogger<OrderForwardingWorker> logger, CancellationToken cancellationToken) =>
            SwitchAsync(buyer, paused: false, store, buyers, clock, logger, cancellationToken));
        forwarding.MapPost("/drain", async (IOrderStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var due = await store.DrainAsync(cancellationToken);
            return Results.Json(new DrainAnswer(due, View(await store.GetForwardingStatusAsync(cancellationToken), clock.GetUtcNow())), GatewayJson.Options);
        });
        return routes;
    }

    private static async Task<OrderRecord?> FindAsync(IOrderStore store, string id, CancellationToken cancellationToken) =>
        id.Length <= 64 ? await store.GetAsync(id, cancellationToken) : null;

    // GET /api/v1/orders?state=dead-lettered&buyer=acme&limit=50: newest first.
    private static async Task<IResult> ListAsync(string? state, string? buyer, int? limit, IOrderStore store, BuyerDirectory buyers, CancellationToken cancellationToken)
    {
        if (OrderStates.Parse(state) is not { } wanted)
        {
            return Problems.Of(
                StatusCodes.Status400BadRequest,
                "invalid-state",
                "Say which state",
                $"state must be one of {string.Join(", ", OrderStates.All.Select(OrderStates.Name))}{(state is null ? string.Empty : $", not '{state}'")}.");
        }

        if (limit is < 1 or > MaxLimit)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "invalid-limit", "Limit out of range", $"limit must be from 1 to {MaxLimit}.");
        }

        if (UnknownBuyer(buyer, buyers, "list every buyer's orders", out var one) is { } unknown)
        {
            return unknown;
        }

        var orders = await store.ListAsync(wanted, one, limit ?? DefaultLimit, cancellationToken);
        return Results.Json(new OrderList(OrderStates.Name(wanted), orders.Count, [.. orders.Select(Summary)]), GatewayJson.Options);
    }

    // POST /api/v1/orders/{id}/replay: a dead-lettered or credit-held order goes back to the queue, once.
    private static async Task<IResult> ReplayAsync(string id, IOrderStore store, GatewayMetrics metrics, TimeProvider clock, ILogger<OrderForwardingWorker> logger, CancellationToken cancellationToken)
    {
        if (await FindAsync(store, id, cancellationToken) is not { } order)
        {
            return UnknownOrder(id);
        }

        if (await OrderReplay.TryAsync(order, store, metrics, clock, logger, cancellationToken) is { } state)
        {
            // Not dead-lettered or credit-held, or another replay (or the worker) changed it since it was read.
            return NotReplayable(order with { State = state });
        }

        return Results.Json(await store.GetAsync(id, cancellationToken), GatewayJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> SwitchAsync(string? buyer, bool paused, IOrderStore store, BuyerDirectory buyers, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        if (UnknownBuyer(buyer, buyers, $"{(paused ? "pause" : "resume")} every buyer", out var one) is { } unknown)
        {
            return unknown;
        }

        await store.SetPausedAsync(one, paused, cancellationToken);
        logger.ForwardingPausedOrResumed(paused ? "paused" : "resumed", one ?? "every buyer");
        return Results.Json(View(await store.GetForwardingStatusAsync(cancellationToken), clock.GetUtcNow()), GatewayJson.Options);
    }

    /// <summary>404 <c>unknown-buyer</c> when <paramref name="buyer"/> names no configured buyer, else null with
    /// <paramref name="id"/> the buyer's id as configured (ids match in any letter case, the stores only in the
    /// configured spelling; null when no buyer was named). A misspelt buyer must never read as one with nothing to do.</summary>
    internal static IResult? UnknownBuyer(string? buyer, BuyerDirectory buyers, string leaveOutTo, out string? id)
    {
        ArgumentNullException.ThrowIfNull(buyers);
        var typed = string.IsNullOrWhiteSpace(buyer) ? null : buyer.Trim();
        id = typed is null ? null : buyers.Find(typed)?.Id;
        return typed is not null && id is null
            ? Problems.Of(StatusCodes.Status404NotFound, "unknown-buyer", "No such buyer", $"No buyer has the id '{typed}'; leave buyer out to {leaveOutTo}.")
            : null;
    }

    private static IResult UnknownOrder(string id) =>
        Problems.Of(StatusCodes.Status404NotFound, "unknown-order", "No such order", $"No order has the id '{id}'; the id is in the OrderRequest's answer and in the gateway's log.");

    private static IResult NotReplayable(OrderRecord order) => Problems.Of(
        StatusCodes.Status409Conflict,
        "not-replayable",
        "Only a dead-lettered or credit-held order can be replayed",
        $"Order {order.Id} is {OrderStates.Name(order.State)}: {order.State switch
        {
            OrderState.Forwarded => $"the ERP took it as {order.ErpOrderId}; there is nothing to replay.",
            _ => "it is queued and will be forwarded; there is nothing to replay.",
        }}",
        new Dictionary<string, object?> { ["state"] = OrderStates.Name(order.State) });

    private static OrderSummary Summary(OrderRecord order) => new(
        order.Id,
        order.BuyerId,
        order.OrderId,
        order.PayloadId,
        order.Erp.Type,
        order.Erp.OrderVersion,
        OrderStates.Name(order.State),
        order.ReceivedAt,
        order.Attempts.Count,
        order.Attempts.Count > 0 ? order.Attempts[^1] : null,
        order.NextAttemptAt,
        order.ErpOrderId,
        order.DeadLetterReason);

    private static ForwardingView View(ForwardingStatus status, DateTimeOffset now) => new(
        status.PausedAll,
        status.PausedBuyers,
        status.Depth,
        status.OldestReceivedAt is { } oldest ? (now - oldest).TotalSeconds : null,
        [.. status.Buyers.Select(b => new BuyerLaneView(b.BuyerId, status.IsPaused(b.BuyerId), b.Depth, b.OldestReceivedAt, b.OldestReceivedAt is { } at ? (now - at).TotalSeconds : null))]);

    /// <summary>One page of orders in one state.</summary>
    internal sealed record OrderList(string State, int Count, IReadOnlyList<OrderSummary> Orders);

    /// <summary>An order in a list: where it is and why, without its body.</summary>
    internal sealed record OrderSummary(
        string Id,
        string Buyer,
        string OrderId,
        string PayloadId,
        string Type,
        int OrderVersion,
        string State,
        DateTimeOffset ReceivedAt,
        int Attempts,
        ForwardingAttempt? LastAttempt,
        DateTimeOffset? NextAttemptAt,
        string? ErpOrderId,
        string? DeadLetterReason);

    /// <summary>The forwarding queue: what is paused, and each buyer's unfinished orders.</summary>
    internal sealed record ForwardingView(bool PausedAll, IReadOnlyList<string> PausedBuyers, int Depth, double? OldestAgeSeconds, IReadOnlyList<BuyerLaneView> Buyers);

    /// <summary>One buyer's unfinished orders.</summary>
    internal sealed record BuyerLaneView(string Buyer, bool Paused, int Depth, DateTimeOffset? OldestReceivedAt, double? OldestAgeSeconds);

    /// <summary>The answer to a drain: how many retries were made due now, and the queue after.</summary>
    internal sealed record DrainAnswer(int MadeDue, ForwardingView Forwarding);
}
