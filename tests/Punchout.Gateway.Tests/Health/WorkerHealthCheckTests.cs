using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Punchout.Gateway.Health;

namespace Punchout.Gateway.Tests.Health;

public sealed class WorkerHealthCheckTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly WorkerHeartbeats heartbeats;
    private readonly WorkerHealthCheck check;

    public WorkerHealthCheckTests()
    {
        heartbeats = new WorkerHeartbeats(clock);
        check = new WorkerHealthCheck(heartbeats, clock);
    }

    [Fact]
    public async Task CheckHealthAsync_NoWorkerHasBeaten_IsUnhealthy()
    {
        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal((HealthStatus.Unhealthy, "No background worker has started yet."), (result.Status, result.Description));
    }

    [Fact]
    public async Task CheckHealthAsync_EveryWorkerWithinItsPromise_IsHealthy_UntilOneIsOverdue()
    {
        heartbeats.Beat("orders", TimeSpan.FromSeconds(30));
        heartbeats.Beat("outbound", TimeSpan.FromMinutes(5));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        clock.Advance(TimeSpan.FromSeconds(1));

        var result = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal(("overdue", "alive"), (result.Data["orders"], result.Data["outbound"]));
        Assert.StartsWith("orders last reported at 2026-11-26T12:00:00.0000000+00:00 and was due again by 2026-11-26T12:00:30.0000000+00:00", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_AWorkerThatStopped_IsUnhealthyAtOnce()
    {
        heartbeats.Beat("orders", TimeSpan.FromSeconds(30));
        heartbeats.Stopped("orders");

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal((HealthStatus.Unhealthy, "stopped"), (result.Status, result.Data["orders"]));
    }
}
