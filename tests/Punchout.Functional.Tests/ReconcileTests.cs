using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Gateway.Cli;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>The <c>reconcile</c> verb against a running gateway on Redis with a WireMock ERP: orders in every state,
/// per buyer, every difference by orderID; and each kind of bad input with its message and exit code.</summary>
[Collection(GatewayTests.Name)]
public sealed class ReconcileTests(RedisServer redis) : GatewayTestBase(redis)
{
    private const string AdminKey = "demo-admin-key";

    // The demo buyer's credit is checked by the worker (so an order can be parked in credit-hold), and a retry waits an
    // hour (so an order the ERP could not take stays in forwarding).
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Buyers:0:CreditCheck"] = "Async",
        ["Orders:RetryBaseDelay"] = "01:00:00",
        ["Orders:RetryMaxDelay"] = "01:00:00",
    };

    [Fact]
    public async Task Reconcile_OrdersInEveryState_CountsThemPerBuyer_ListsEveryOrderNotForwarded_AndExitsOne()
    {
        var since = Iso(DateTimeOffset.UtcNow.AddMinutes(-1));
        var ids = await OrdersInEveryStateAsync();

        var (code, output, error) = await Reconcile("--since", since);

        Assert.True(code == 1, $"exit {code}\n{output}\n{error}");
        Assert.Equal(["demo", "5", "1", "1", "1", "1", "1", "0"], Row(output, "demo"));
        Assert.Equal(["demo-hold", "1", "1", "0", "0", "0", "0", "0"], Row(output, "demo-hold"));
        Assert.Equal(["total", "6", "2", "1", "1", "1", "1", "0"], Row(output, "total"));
        Assert.Contains("\nNot forwarded (4):\n", output, StringComparison.Ordinal);
        Assert.Contains($"  PO-R2  dead-lettered  buyer demo  new v1  {ids["PO-R2"]}  received ", output, StringComparison.Ordinal);
        Assert.Contains("      reason: The ERP refused the order: Order PO-R2 names a material blocked for sale (HTTP 422)\n", output, StringComparison.Ordinal);
        Assert.Contains($"  PO-R3  credit-hold  buyer demo  new v1  {ids["PO-R3"]}  received ", output, StringComparison.Ordinal);
        Assert.Contains("      reason: credit-hold: account C-DEMO: Account C-DEMO is on credit hold: invoice 4711 overdue\n", output, StringComparison.Ordinal);
        Assert.Contains($"  PO-R4  forwarding  buyer demo  new v1  {ids["PO-R4"]}  received ", output, StringComparison.Ordinal);
        Assert.Contains("      reason: the ERP could not take it yet (unavailable: HTTP 503", output, StringComparison.Ordinal);
        Assert.Contains($"  PO-R5  received  buyer demo  new v1  {ids["PO-R5"]}  received ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("PO-R1 ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("PO-H1 ", output, StringComparison.Ordinal);
        Assert.EndsWith("\nNot reconciled: 2 of 6 order(s) received in the period forwarded, 4 not forwarded.\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminKey, output + error, StringComparison.Ordinal);
        var logged = Assert.Single(Host.Logs.WithEventId(8001));
        Assert.Equal(("6", "4", "0"), (CapturedLogs.Property(logged, "Received"), CapturedLogs.Property(logged, "NotForwarded"), CapturedLogs.Property(logged, "Expired")));

        // One buyer whose every order was forwarded is reconciled; a period before every order has nothing to reconcile.
        var (oneCode, one, _) = await Reconcile("--since", since, "--buyer", "demo-hold");
        Assert.Equal(0, oneCode);
        Assert.Equal(["demo-hold", "1", "1", "0", "0", "0", "0", "0"], Row(one, "demo-hold"));
        Assert.DoesNotContain("Not forwarded", one, StringComparison.Ordinal);
        Assert.EndsWith("\nReconciled: all 1 order(s) received in the period were forwarded.\n", one, StringComparison.Ordinal);
        var (beforeCode, before, _) = await Reconcile("--since", Iso(DateTimeOffset.UtcNow.AddHours(-2)), "--until", since);
        Assert.Equal(0, beforeCode);
        Assert.EndsWith("\nReconciled: no order was received in the period.\n", before, StringComparison.Ordinal);

        // The same report as JSON, for a script: every difference with its gateway id, payloadID and state.
        var (jsonCode, json, _) = await Reconcile("--since", since, "--format", "json");
        var report = JsonNode.Parse(json)!;
        Assert.Equal(1, jsonCode);
        Assert.False((bool)report["reconciled"]!);
        Assert.Equal(6, (int)report["totals"]!["received"]!);
        Assert.Equal(
            [("PO-R2", ids["PO-R2"], "dead-lettered"), ("PO-R3", ids["PO-R3"], "credit-hold"), ("PO-R4", ids["PO-R4"], "forwarding"), ("PO-R5", ids["PO-R5"], "received")],
            report["differences"]!.AsArray().Select(d => ((string)d!["orderId"]!, (string)d["id"]!, (string)d["state"]!)));
        Assert.All(report["differences"]!.AsArray(), d => Assert.EndsWith("@test", (string)d!["payloadId"]!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconcile_APeriodOlderThanTheRetention_CountsTheOrdersWhoseRecordsExpired_AndSaysItIsIncomplete()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?> { ["Orders:IdempotencyRetention"] = "00:00:02" });
        var since = Iso(DateTimeOffset.UtcNow.AddSeconds(-1));
        var id = GatewayOrderId(await new ProcurementSystem(Host.Client()).SendAsync(Order("PO-E1")));
        await Eventually.HoldsAsync(async () => await OrderStatusAsync(id) == HttpStatusCode.NotFound, "the forwarded order's record to expire");

        var (code, output, _) = await Reconcile("--since", since);

        Assert.Equal(1, code);
        Assert.Equal(["demo", "1", "0", "0", "0", "0", "0", "1"], Row(output, "demo"));
        Assert.Contains("\nIncomplete: 1 order(s) of the period finished more than Orders:IdempotencyRetention (00:00:02) ago and their records have expired", output, StringComparison.Ordinal);
        Assert.EndsWith("\nNot reconciled: 0 of 1 order(s) received in the period forwarded, 0 not forwarded, 1 expired (outcome unknown); the report is incomplete.\n", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "reconcile: --since is required: an ISO 8601 date (2026-11-23)")]
    [InlineData(new[] { "--since", "last monday" }, "reconcile: --since 'last monday' is not an ISO 8601 date")]
    [InlineData(new[] { "--since", "2026-11-23", "--until", "23/11/2026" }, "reconcile: --until '23/11/2026' is not an ISO 8601 date")]
    [InlineData(new[] { "--since", "2026-11-23", "--until", "2026-11-01" }, "reconcile: The period is empty: --until (2026-11-01T00:00:00Z) must be after --since (2026-11-23T00:00:00Z).")]
    [InlineData(new[] { "--since", "2026-11-23", "--buyer", "acme" }, "reconcile: No buyer has the id 'acme'; leave buyer out to reconcile every buyer.")]
    public async Task Reconcile_WrongUsage_SaysWhatIsWrong_AndExitsTwo(string[] args, string message)
    {
        var (code, output, error) = await Reconcile(args);

        Assert.Equal((2, string.Empty), (code, output));
        Assert.StartsWith(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_WrongAdminKey_SaysTheGatewayRefusedIt_NeverPrintsIt_AndExitsFour()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CommandLine.RunAsync(["reconcile", "--since", "2026-11-23", "--to", Host.Address.ToString(), "--key", "not-the-admin-key"], output, error);

        Assert.Equal(4, code);
        Assert.Equal(
            $"reconcile: the gateway at {Host.Address} refused the admin key (The X-Api-Key header does not hold a valid admin API key.); give the key of its Admin:ApiKey with PUNCHOUT_ADMIN_KEY or --key.",
            error.ToString().Trim());
        Assert.DoesNotContain("not-the-admin-key", output.ToString() + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_NoGatewayListening_SaysThereIsNoAnswer_AndExitsFour()
    {
        var nowhere = $"http://127.0.0.1:{RedisServer.FreePort()}";
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CommandLine.RunAsync(["reconcile", "--since", "2026-11-23", "--to", nowhere, "--key", AdminKey], output, error);

        Assert.Equal(4, code);
        Assert.StartsWith($"reconcile: no answer from {nowhere}/: ", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task ReconcileApi_WithoutTheAdminKeyOrAPeriod_IsRefused()
    {
        var client = Host.Client();

        using var anonymous = await client.GetAsync(new Uri("/api/v1/reconcile?since=2026-11-23", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/reconcile", UriKind.Relative));
        request.Headers.Add("X-Api-Key", AdminKey);
        var noPeriod = await Storefront.JsonAsync(await client.SendAsync(request), HttpStatusCode.BadRequest);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("invalid-since", (string)noPeriod["code"]!);
        Assert.StartsWith("since is required: an ISO 8601 date", (string)noPeriod["detail"]!, StringComparison.Ordinal);
    }

    // PO-H1 of demo-hold and PO-R1 forwarded, PO-R2 dead-lettered (the ERP refuses it), PO-R3 in credit-hold, PO-R4
    // forwarding (the ERP is down), PO-R5 received (behind PO-R4 in its buyer's lane). Answers each orderID's gateway id.
    private async Task<Dictionary<string, string>> OrdersInEveryStateAsync()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, Settings);
        var buyer = new ProcurementSystem(Host.Client());
        var ids = new Dictionary<string, string>();
        async Task SendAsync(string orderId, string state, params (string Find, string? Replace)[] changes)
        {
            ids[orderId] = GatewayOrderId(await buyer.SendAsync(Order(orderId, changes)));
            await Eventually.HoldsAsync(async () => (string)(await OrderAsync(ids[orderId]))["state"]! == state, $"{orderId} to be {state}");
        }

        await SendAsync("PO-H1", "forwarded", ("AN01000000001-T", "AN01000000002-T"), (ProcurementSystem.DemoSecret, "demo-hold-secret"));
        await SendAsync("PO-R1", "forwarded");
        Erp.RejectedOrders["PO-R2"] = true;
        await SendAsync("PO-R2", "dead-lettered");
        Erp.CreditStatus = "hold";
        await SendAsync("PO-R3", "credit-hold");
        Erp.CreditStatus = "ok";
        Erp.OrdersDown = true;
        await SendAsync("PO-R4", "forwarding");
        await SendAsync("PO-R5", "received");
        return ids;
    }

    private async Task<(int Code, string Output, string Error)> Reconcile(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(["reconcile", .. args, "--to", Host.Address.ToString(), "--key", AdminKey], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private async Task<HttpStatusCode> OrderStatusAsync(string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/v1/orders/{id}", UriKind.Relative));
        request.Headers.Add("X-Api-Key", AdminKey);
        using var response = await Host.Client().SendAsync(request);
        return response.StatusCode;
    }

    private static byte[] Order(string orderId, params (string Find, string? Replace)[] changes) =>
        ProcurementSystem.OrderRequest([("orderID=\"DEMO-PO-1001\"", $"orderID=\"{orderId}\""), .. changes]);

    // The cells of the table row that starts with the buyer.
    private static string[] Row(string output, string buyer) =>
        output.Split('\n').Single(l => l.StartsWith(buyer + " ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string Iso(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
