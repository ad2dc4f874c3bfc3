using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Observability;
using Punchout.Gateway.Redis;
using Punchout.Gateway.Security;

namespace Punchout.Gateway.Orders;

/// <summary>The weekly reconciliation, behind the admin key: <c>GET /api/v1/reconcile?since=…[&amp;until=…][&amp;buyer=…]</c>
/// answers, per buyer, the orders received in the period and where each is now, and lists every one not forwarded.</summary>
public static class ReconcileApi
{
    /// <summary>Maps the reconciliation API.</summary>
    public static IEndpointRouteBuilder MapReconcileApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/reconcile", ReconcileAsync).AddEndpointFilter(new ApiKeyFilter(ApiKeyRole.Admin));
        return routes;
    }

    private static async Task<IResult> ReconcileAsync(
        string? since,
        string? until,
        string? buyer,
        IOrderStore store,
        BuyerDirectory buyers,
        TimeProvider clock,
        IOptions<GatewayOptions> options,
        ILogger<ReconciliationReport> logger,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (period, code, problem) = ReconciliationPeriod.Read(since, until, now);
        if (period is null)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, code!, "Say which period", problem!);
        }

        // A misspelt buyer must not read as a buyer whose every order was forwarded.
        if (OrdersApi.UnknownBuyer(buyer, buyers, "reconcile every buyer", out var one) is { } unknown)
        {
            return unknown;
        }

        var report = await ReconciliationReport.BuildAsync(
            store.ListReceivedAsync(period.Since, period.Until, one, cancellationToken), period, one, now, options.Value.Orders.IdempotencyRetention, cancellationToken);
        logger.OrdersReconciled(
            ReconciliationPeriod.Iso(period.Since), ReconciliationPeriod.Iso(period.Until), one ?? "every buyer", report.Totals.Received, report.Differences.Count, report.Totals.Expired);
        return Results.Json(report, GatewayJson.Options);
    }
}
