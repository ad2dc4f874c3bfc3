using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Gateway.Orders;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>/health/live and /health/ready of a running gateway: Redis stopped and started again, the ERP circuit
/// open, the order worker stuck.</summary>
[Collection(GatewayTests.Name)]
public sealed class HealthTests(RedisServer redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task Ready_WithRedisTheErpAndTheWorkerUp_Is200_ListingEachCheckAsHealthy_AndLiveIs200WithNoCheck()
    {
        var ready = await HealthAsync("/health/ready", HttpStatusCode.OK);
        var live = await HealthAsync("/health/live", HttpStatusCode.OK);

        Assert.Equal("Healthy", (string)ready["status"]!);
        Assert.Equal(["erp", "redis", "workers"], ready["checks"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.All(ready["checks"]!.AsArray(), c => Assert.Equal("Healthy", (string)c!["status"]!));
        Assert.StartsWith("Redis answered in", Check(ready, "redis")["description"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("closed", (string)Check(ready, "erp")["data"]!["state"]!);
        Assert.Equal("alive", (string)Check(ready, "workers")["data"]![OrderForwardingWorker.HeartbeatName]!);
        Assert.Equal(("Healthy", 0), ((string)live["status"]!, live["checks"]!.AsArray().Count));
    }

    [Fact]
    public async Task RedisStopped_ReadyIs503WithRedisUnhealthy_LiveStays200_AndReadyIs200AgainOnceRedisIsBack()
    {
        // A redis-server of this test's own: the shared one keeps running for the other tests.
        var own = new RedisServer();
        await own.InitializeAsync();
        try
        {
            Host = GatewayHost.Start(own, Erp.Url);
            Assert.Equal("Healthy", (string)(await HealthAsync("/health/ready", HttpStatusCode.OK))["status"]!);

            await own.StopAsync();

            var ready = await HealthAsync("/health/ready", HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Unhealthy", (string)ready["status"]!);
            Assert.Equal("Unhealthy", (string)Check(ready, "redis")["status"]!);
            Assert.Equal("Redis is unreachable: sessions cannot start and orders cannot be taken.", (string)Check(ready, "redis")["description"]!);
            Assert.DoesNotContain(own.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ready.ToJsonString(), StringComparison.Ordinal);
            Assert.Equal("Healthy", (string)(await HealthAsync("/health/live", HttpStatusCode.OK))["status"]!);

            await own.StartAsync();

            await Eventually.HoldsAsync(async () => (await Host.Client().GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == HttpStatusCode.OK, "readiness once Redis is back");
            Assert.Equal("Healthy", (string)Check(await HealthAsync("/health/ready", HttpStatusCode.OK), "redis")["status"]!);
        }
        finally
        {
            Host.Dispose();
            await own.DisposeAsync();
        }
    }

    [Fact]
    public async Task ErpCircuitOpen_ReadyIsDegradedButStill200_AndHealthyAgainOnceAProbeClosesIt()
    {
        Erp.QuoteAnswers = [500];
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?>
        {
            ["Erp:RetryAttempts"] = "0",
            ["Erp:BreakMinimumThroughput"] = "2",
            ["Erp:BreakDuration"] = "00:00:00.500",
        });
        var client = Host.Client();
        var storefront = new Storefront(client);
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());
        for (var cart = 0; cart < 2; cart++)
        {
            await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.ServiceUnavailable);
        }

        var ready = await HealthAsync("/health/ready", HttpStatusCode.OK);

        Assert.Equal("Degraded", (string)ready["status"]!);
        Assert.Equal(("Degraded", "open"), ((string)Check(ready, "erp")["status"]!, (string)Check(ready, "erp")["data"]!["state"]!));
        Assert.Contains("orders are queued", (string)Check(ready, "erp")["description"]!, StringComparison.Ordinal);
        Assert.Equal("Healthy", (string)Check(ready, "redis")["status"]!);
        Assert.Single(Host.Logs.WithEventId(7001));

        // After the break the next cart probes the ERP, which answers now: the circuit closes.
        Erp.QuoteAnswers = [200];
        await Eventually.HoldsAsync(async () => (await storefront.ReturnCartAsync(sessionId, Storefront.Cart())).StatusCode == HttpStatusCode.OK, "a cart to pass once the break is over");
        var after = await HealthAsync("/health/ready", HttpStatusCode.OK);
        Assert.Equal(("Healthy", "closed"), ((string)Check(after, "erp")["status"]!, (string)Check(after, "erp")["data"]!["state"]!));
        Assert.Single(Host.Logs.WithEventId(7003));
    }

    [Fact]
    public async Task OrderWorkerStuck_PastTheBeatItPromised_ReadyIs503_AndReadyAgainOnceItMovesOn()
    {
        // The worker hangs in its read of the queue, as on a wedged connection; the clock then passes its promised beat.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Host = GatewayHost.Start(Redis, Erp.Url, services: services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton(provider => StuckQueueReads.Around(ActivatorUtilities.CreateInstance<RedisOrderStore>(provider), release.Task));
        });
        Assert.Equal("Healthy", (string)Check(await HealthAsync("/health/ready", HttpStatusCode.OK), "workers")["status"]!);

        clock.Advance(OrderForwardingWorker.IdleBeatWithin(new Gateway.Configuration.OrderOptions()) + TimeSpan.FromSeconds(1));

        var ready = await HealthAsync("/health/ready", HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", (string)Check(ready, "workers")["status"]!);
        Assert.Equal("overdue", (string)Check(ready, "workers")["data"]![OrderForwardingWorker.HeartbeatName]!);
        Assert.Contains("it is stuck", (string)Check(ready, "workers")["description"]!, StringComparison.Ordinal);
        Assert.Equal("Healthy", (string)(await HealthAsync("/health/live", HttpStatusCode.OK))["status"]!);

        release.SetResult();
        await Eventually.HoldsAsync(
            async () =>
            {
                clock.Advance(TimeSpan.FromSeconds(1)); // the worker's poll waits on this clock
                return (await Host.Client().GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == HttpStatusCode.OK;
            },
            "readiness once the worker moves on");
    }

    private static JsonNode Check(JsonNode report, string name) =>
        report["checks"]!.AsArray().Single(c => (string)c!["name"]! == name)!;

    private async Task<JsonNode> HealthAsync(string path, HttpStatusCode expected)
    {
        using var response = await Host.Client().GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return await Storefront.JsonAsync(response, expected);
    }

    /// <summary>An order store whose queue reads wait until released; everything else goes to the real store.</summary>
    public class StuckQueueReads : DispatchProxy
    {
        private IOrderStore inner = null!;
        private Task released = Task.CompletedTask;

        /// <summary>Wraps <paramref name="store"/>.</summary>
        public static IOrderStore Around(IOrderStore store, Task released)
        {
            var proxy = Create<IOrderStore, StuckQueueReads>();
            var stuck = (StuckQueueReads)(object)proxy;
            (stuck.inner, stuck.released) = (store, released);
            return proxy;
        }

        /// <inheritdoc />
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod!.Name == nameof(IOrderStore.ReadQueueAsync) ? ReadQueueAsync(args!) : targetMethod.Invoke(inner, args);

        private async Task<IReadOnlyList<QueuedOrder>> ReadQueueAsync(object?[] args)
        {
            await released.WaitAsync((CancellationToken)args[4]!);
            return await inner.ReadQueueAsync((string)args[0]!, (int)args[1]!, (TimeSpan)args[2]!, (DateTimeOffset)args[3]!, (CancellationToken)args[4]!);
        }
    }
}
