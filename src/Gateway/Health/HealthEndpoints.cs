using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Punchout.Gateway.Health;

/// <summary><c>GET /health/live</c> and <c>GET /health/ready</c>, each answering JSON that lists its checks.</summary>
/// <remarks>Live has no check: the process answers, so it must not be restarted, whatever Redis or the ERP do. Ready
/// checks Redis (when configured; unhealthy: 503), the ERP circuit (not closed: degraded, still 200, since the instance
/// still takes orders and queues them) and the background workers (one overdue or stopped: 503). The body names each
/// check, its status and a description; never an exception, a connection string or a key.</remarks>
public static class HealthEndpoints
{
    /// <summary>The tag of the checks <c>/health/ready</c> runs.</summary>
    public const string Ready = "ready";

    /// <summary>Registers the readiness checks: Redis when <paramref name="redis"/> is true, the ERP circuit, the workers.</summary>
    public static IServiceCollection AddReadinessChecks(this IServiceCollection services, bool redis)
    {
        services.AddSingleton<WorkerHeartbeats>();
        var checks = services.AddHealthChecks();
        if (redis)
        {
            checks.AddCheck<RedisHealthCheck>("redis", tags: [Ready]);
        }

        checks.AddCheck<ErpCircuitHealthCheck>("erp", tags: [Ready]);
        checks.AddCheck<WorkerHealthCheck>("workers", tags: [Ready]);
        return services;
    }

    /// <summary>Maps <c>/health/live</c> and <c>/health/ready</c>.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteAsync });
        return routes;
    }

    // {"status":"Healthy","checks":[{"name":"redis","status":"Healthy","description":"…","durationMs":0.4,"data":{…}}]}
    private static async Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(http.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartArray("checks");
        foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteString("description", entry.Description);
            json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
            if (entry.Data.Count > 0)
            {
                json.WriteStartObject("data");
                foreach (var (key, value) in entry.Data)
                {
                    json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(http.RequestAborted).ConfigureAwait(false);
    }
}
