using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>The ERP's timeouts, retries and circuit breaker, seen through the storefront cart endpoint: a slow, a failing
/// and a flapping WireMock ERP. Only outcomes and the number of quotes the ERP received are asserted, never elapsed time.</summary>
[Collection(GatewayTests.Name)]
public sealed class ErpResilienceTests(RedisServer redis) : GatewayTestBase(redis)
{
    private const string PricingUnavailableMetric = "punchout_carts_refused_total{buyer=\"demo\",protocol=\"cxml\",reason=\"pricing-unavailable\"} 1";

    [Fact]
    public async Task SlowErp_EveryAttemptTimesOut_IsTriedOncePlusEachRetry_ThenCartIs503PricingUnavailable()
    {
        // Each attempt gives up after 200 ms; three of them fit well within the 5 s budget, the answer would take 30 s.
        Erp.QuoteDelay = TimeSpan.FromSeconds(30);
        Host = GatewayHost.Start(Redis, Erp.Url, Settings(("Erp:AttemptTimeout", "00:00:00.200"), ("Erp:TotalTimeout", "00:00:05"), ("Erp:RetryAttempts", "2"), ("Orders:ClaimIdleTime", "00:00:10")));
        var (storefront, sessionId) = await ArriveAsync();

        var problem = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.ServiceUnavailable);

        AssertPricingUnavailable(problem);
        Assert.Equal(3, Erp.QuotesReceived);
        await AssertStillOpenAndCountedAsync(storefront, sessionId);
    }

    [Fact]
    public async Task SlowErp_BeyondTheTotalTimeout_IsCutOffInTheFirstAttempt_ThenCartIs503PricingUnavailable()
    {
        // The whole call may take 300 ms, one attempt 1 s: the total timeout ends the first attempt, no retry starts.
        Erp.QuoteDelay = TimeSpan.FromSeconds(30);
        Host = GatewayHost.Start(Redis, Erp.Url, Settings(("Erp:AttemptTimeout", "00:00:01"), ("Erp:TotalTimeout", "00:00:00.300")));
        var (storefront, sessionId) = await ArriveAsync();

        var problem = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.ServiceUnavailable);

        AssertPricingUnavailable(problem);
        Assert.Equal(1, Erp.QuotesReceived);
        Erp.QuoteDelay = TimeSpan.Zero;
        await AssertStillOpenAndCountedAsync(storefront, sessionId);
    }

    [Theory]
    [InlineData(500, 1 + 3)] // transient: tried once plus Erp:RetryAttempts (3 in the test settings)
    [InlineData(502, 1 + 3)]
    [InlineData(503, 1 + 3)]
    [InlineData(408, 1 + 3)]
    [InlineData(429, 1 + 3)]
    [InlineData(400, 1)] // a refusal: not retried
    [InlineData(404, 1)]
    [InlineData(422, 1)]
    public async Task FailingErp_IsRetriedOnlyWhenTransient_ThenCartIs503PricingUnavailable(int status, int attempts)
    {
        Erp.QuoteAnswers = [status];
        var (storefront, sessionId) = await ArriveAsync();

        var problem = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.ServiceUnavailable);

        AssertPricingUnavailable(problem);
        Assert.Equal(attempts, Erp.QuotesReceived);
        await AssertStillOpenAndCountedAsync(storefront, sessionId);
    }

    [Fact]
    public async Task FailingErp_503WithRetryAfterBeyondTheBudget_IsHonoured_SoTheErpIsAskedOnce()
    {
        // Without Retry-After the 503 is retried 3 times (above); asked to wait 2 min, the gateway waits, and the 1.5 s budget ends first.
        Erp.QuoteAnswers = [503];
        Erp.QuoteRetryAfter = "120";
        var (storefront, sessionId) = await ArriveAsync();

        var problem = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.ServiceUnavailable);

        AssertPricingUnavailable(problem);
        Assert.Equal(1, Erp.QuotesReceived);
    }

    [Fact]
    public async Task FlappingErp_FailingTwiceThenAnswering_CartIsAcceptedAfterThreeAttempts()
    {
        Erp.QuoteAnswers = [500, 503, 200];
        var (storefront, sessionId) = await ArriveAsync();

        var accepted = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.OK);

        Assert.Equal(3, Erp.QuotesReceived);
        Assert.Equal(12.50m, (decimal)accepted["lines"]![0]!["unitPrice"]!);
        Assert.NotNull((string?)accepted["returnUrl"]);
        Assert.DoesNotContain("pricing-unavailable", await MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CircuitBreaker_OpensAfterRepeatedFailures_FailsFastWithoutTheErp_ThenHalfOpensAndASuccessClosesIt()
    {
        var (clock, storefront, sessionId) = await StartFailingOnAFakeClockAsync(breakAfter: 3);
        await RefusedAsync(storefront, sessionId, carts: 3);
        Assert.Equal(3, Erp.QuotesReceived);

        // Open: even with the ERP healthy again, carts are refused without reaching it.
        Erp.QuoteAnswers = [200];
        await RefusedAsync(storefront, sessionId, carts: 2);
        Assert.Equal(3, Erp.QuotesReceived);
        Assert.Contains("punchout_carts_refused_total{buyer=\"demo\",protocol=\"cxml\",reason=\"pricing-unavailable\"} 5", await MetricsAsync(), StringComparison.Ordinal);

        // After the break the next call probes the ERP (half-open); its success closes the circuit for the calls after it.
        clock.Advance(TimeSpan.FromSeconds(31));
        await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.OK);
        Assert.Equal(4, Erp.QuotesReceived);
        var (next, nextSessionId) = await ArriveAsync();
        await Storefront.JsonAsync(await next.ReturnCartAsync(nextSessionId, Storefront.Cart()), HttpStatusCode.OK);
        Assert.Equal(5, Erp.QuotesReceived);
    }

    [Fact]
    public async Task CircuitBreaker_AFailedProbeWhileHalfOpen_OpensItAgain()
    {
        var (clock, storefront, sessionId) = await StartFailingOnAFakeClockAsync(breakAfter: 2);
        await RefusedAsync(storefront, sessionId, carts: 2);

        clock.Advance(TimeSpan.FromSeconds(31));
        await RefusedAsync(storefront, sessionId, carts: 1); // the probe, failing
        Erp.QuoteAnswers = [200];
        await RefusedAsync(storefront, sessionId, carts: 1); // open again: the ERP is not asked

        Assert.Equal(3, Erp.QuotesReceived);
    }

    // A failing ERP and a gateway on a fake clock, so the breaker's 30 s pass only when the test says so; no retries, so one cart is one attempt.
    private async Task<(FakeTimeProvider Clock, Storefront Storefront, string SessionId)> StartFailingOnAFakeClockAsync(int breakAfter)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Erp.QuoteAnswers = [500];
        Host = GatewayHost.Start(
            Redis,
            Erp.Url,
            Settings(("Erp:RetryAttempts", "0"), ("Erp:BreakMinimumThroughput", $"{breakAfter}"), ("Erp:BreakFailureRatio", "0.5"), ("Erp:BreakDuration", "00:00:30")),
            services => services.AddSingleton<TimeProvider>(clock));
        var (storefront, sessionId) = await ArriveAsync();
        return (clock, storefront, sessionId);
    }

    private static async Task RefusedAsync(Storefront storefront, string sessionId, int carts)
    {
        for (var cart = 1; cart <= carts; cart++)
        {
            AssertPricingUnavailable(await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.ServiceUnavailable));
        }
    }

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] settings) =>
        settings.ToDictionary(s => s.Key, s => (string?)s.Value);

    private static void AssertPricingUnavailable(JsonNode problem)
    {
        Assert.Equal("pricing-unavailable", (string)problem["code"]!);
        Assert.Null(problem["returnUrl"]);
        Assert.Null(problem["lines"]);
    }

    private async Task<(Storefront Storefront, string SessionId)> ArriveAsync()
    {
        var client = Host.Client();
        return (new Storefront(client), await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync()));
    }

    // The session is still open (the user can try again and, once the ERP answers, return the cart) and the refusal was counted.
    private async Task AssertStillOpenAndCountedAsync(Storefront storefront, string sessionId)
    {
        var context = await Storefront.JsonAsync(await storefront.GetSessionAsync(sessionId), HttpStatusCode.OK);
        Assert.Equal("started", context["state"]!.ToString(), ignoreCase: true);
        Assert.Contains(PricingUnavailableMetric, await MetricsAsync(), StringComparison.Ordinal);
        Erp.QuoteAnswers = [200];
        Erp.QuoteDelay = TimeSpan.Zero;
        await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.OK);
    }

    private async Task<string> MetricsAsync()
    {
        using var response = await Host.Client().GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
