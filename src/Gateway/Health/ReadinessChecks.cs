using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly.CircuitBreaker;
using Punchout.Gateway.Erp;
using StackExchange.Redis;

namespace Punchout.Gateway.Health;

/// <summary>Ready: Redis answers a PING.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync().ConfigureAwait(false);
            return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"Redis answered in {latency.TotalMilliseconds:F1} ms."));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis is unreachable: sessions cannot start and orders cannot be taken.", ex);
        }
    }
}

/// <summary>Degraded while the ERP circuit is not closed: carts are refused (503 pricing-unavailable) and orders are
/// queued, not forwarded, but the instance still takes them, so it stays in the load balancer.</summary>
internal sealed class ErpCircuitHealthCheck(ErpCircuit circuit) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = circuit.Status;
        var data = new Dictionary<string, object> { ["state"] = status.Name };
        return Task.FromResult(status.State switch
        {
            CircuitState.Closed => HealthCheckResult.Healthy("The ERP circuit is closed: ERP calls go through.", data),
            CircuitState.HalfOpen => HealthCheckResult.Degraded("The ERP circuit is half-open: the next ERP call probes the ERP.", data: data),
            _ => HealthCheckResult.Degraded(
                string.Create(CultureInfo.InvariantCulture, $"The ERP circuit is open since {status.Since:O} after repeated ERP failures: carts are refused (pricing-unavailable) and orders are queued; the first ERP call after {status.BreakUntil:O} probes the ERP."),
                data: data),
        });
    }
}

/// <summary>Ready: every background worker has beaten within the time it promised, and none has stopped.</summary>
internal sealed class WorkerHealthCheck(WorkerHeartbeats heartbeats, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var beats = heartbeats.Current;
        var now = clock.GetUtcNow();
        var data = beats.ToDictionary(b => b.Worker, b => (object)(b.Stopped ? "stopped" : b.DueBy < now ? "overdue" : "alive"), StringComparer.Ordinal);
        if (beats.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("No background worker has started yet."));
        }

        var problems = beats.Where(b => b.Stopped || b.DueBy < now)
            .Select(b => b.Stopped
                ? $"{b.Worker} stopped at {b.At.ToString("O", CultureInfo.InvariantCulture)}."
                : $"{b.Worker} last reported at {b.At.ToString("O", CultureInfo.InvariantCulture)} and was due again by {b.DueBy.ToString("O", CultureInfo.InvariantCulture)}: it is stuck.")
            .ToList();
        return Task.FromResult(problems.Count > 0
            ? HealthCheckResult.Unhealthy(string.Join(" ", problems), data: data)
            : HealthCheckResult.Healthy($"Alive: {string.Join(", ", beats.Select(b => b.Worker))}.", data));
    }
}
