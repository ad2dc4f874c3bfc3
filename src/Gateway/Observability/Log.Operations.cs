namespace Punchout.Gateway.Observability;

/// <summary>The log lines of operations: the ERP circuit, session expiry, the activity counts, the workers' health.</summary>
internal static partial class Log
{
    // Operations (metrics, health, counts): 7000-7099
    [LoggerMessage(7001, LogLevel.Warning, "The ERP circuit opened after repeated failures: ERP calls are refused for {BreakDuration}, until {BreakUntil}, then one probes the ERP")]
    public static partial void ErpCircuitOpened(this ILogger logger, TimeSpan breakDuration, DateTimeOffset breakUntil);

    [LoggerMessage(7002, LogLevel.Information, "The ERP circuit is half-open: the next call probes the ERP")]
    public static partial void ErpCircuitHalfOpened(this ILogger logger);

    [LoggerMessage(7003, LogLevel.Information, "The ERP circuit closed: ERP calls go through again")]
    public static partial void ErpCircuitClosed(this ILogger logger);

    [LoggerMessage(7004, LogLevel.Information, "Session {SessionId} of buyer {Buyer} ({Protocol}) expired without a cart or a cancel")]
    public static partial void SessionExpired(this ILogger logger, string sessionId, string buyer, string protocol);

    [LoggerMessage(7005, LogLevel.Warning, "Could not look for expired sessions; trying again in {Interval}")]
    public static partial void SessionExpiryFailed(this ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(7006, LogLevel.Warning, "Could not write the activity counts; they wait in memory and are tried again every {Interval}")]
    public static partial void ActivityCountsFlushFailed(this ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(7007, LogLevel.Information, "The activity counts are written again")]
    public static partial void ActivityCountsFlushed(this ILogger logger);
}
