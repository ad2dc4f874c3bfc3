using Polly.CircuitBreaker;
using Punchout.Gateway.Observability;

namespace Punchout.Gateway.Erp;

/// <summary>The state of the ERP circuit breaker, as its callbacks last reported it, for readiness, the metrics and
/// the console.</summary>
/// <remarks>Polly moves an open circuit to half-open only when a call comes after the break: with no traffic it stays
/// open past <see cref="ErpCircuitStatus.BreakUntil"/>, and the next call probes the ERP. The file-backed ERP has no
/// circuit, so this stays closed.</remarks>
public sealed class ErpCircuit(GatewayMetrics metrics, TimeProvider clock, ILogger<ErpCircuit> logger)
{
    private ErpCircuitStatus status = new(CircuitState.Closed, null, null);

    /// <summary>The state now, since when, and while open until when calls are refused without asking the ERP.</summary>
    public ErpCircuitStatus Status => Volatile.Read(ref status);

    /// <summary>The breaker opened for <paramref name="breakDuration"/>.</summary>
    internal void Opened(TimeSpan breakDuration)
    {
        var now = clock.GetUtcNow();
        Move(new ErpCircuitStatus(CircuitState.Open, now, now + breakDuration));
        logger.ErpCircuitOpened(breakDuration, now + breakDuration);
    }

    /// <summary>The break is over; the next call probes the ERP.</summary>
    internal void HalfOpened()
    {
        Move(new ErpCircuitStatus(CircuitState.HalfOpen, clock.GetUtcNow(), null));
        logger.ErpCircuitHalfOpened();
    }

    /// <summary>A probe succeeded: calls go to the ERP again.</summary>
    internal void Closed()
    {
        Move(new ErpCircuitStatus(CircuitState.Closed, clock.GetUtcNow(), null));
        logger.ErpCircuitClosed();
    }

    private void Move(ErpCircuitStatus next)
    {
        Volatile.Write(ref status, next);
        metrics.ErpCircuitChanged(next.State);
    }
}

/// <summary>The ERP circuit's state, since when it is in it (null before any change), and until when an open one
/// refuses calls.</summary>
public sealed record ErpCircuitStatus(CircuitState State, DateTimeOffset? Since, DateTimeOffset? BreakUntil)
{
    /// <summary>The state as the metrics and the health report name it: <c>closed</c>, <c>half-open</c>, <c>open</c>.</summary>
    public string Name => State switch
    {
        CircuitState.Closed => "closed",
        CircuitState.HalfOpen => "half-open",
        _ => "open",
    };
}
