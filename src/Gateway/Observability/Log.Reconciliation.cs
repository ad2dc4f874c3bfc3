namespace Punchout.Gateway.Observability;

/// <summary>The reconciliation's log lines: 8000-8099.</summary>
internal static partial class Log
{
    [LoggerMessage(8001, LogLevel.Information, "Reconciled the orders received from {Since} until {Until} for {Buyer}: {Received} received, {NotForwarded} not forwarded, {Expired} expired")]
    public static partial void OrdersReconciled(this ILogger logger, string since, string until, string buyer, int received, int notForwarded, int expired);
}
