using System.Net;
using System.Text;
using System.Text.Json;
using Punchout.Gateway.Cli;
using Punchout.Gateway.Orders;
using Punchout.Gateway.Redis;
using Punchout.TestSupport;

namespace Punchout.Gateway.Tests.Cli;

public class ReconcileCommandTests
{
    private const string Key = "the-admin-key-7f3a";
    private static readonly DateTimeOffset Since = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Reconcile_AReportWithDifferences_PrintsTheTableAndEveryOrderNotForwarded_AndExitsOne()
    {
        var gateway = new FakeGateway(HttpStatusCode.OK, Json(Report(
            [new("acme", new(3, 1, 1, 1, 0, 0, 0)), new("globex-industries", new(12, 10, 0, 0, 1, 1, 0))],
            [Difference("acme", "PO-2", "forwarding", "the ERP could not take it yet (unavailable: HTTP 503); tried again at 2026-11-24T02:00:00Z", new ForwardingAttempt(Since.AddHours(25), "unavailable", "HTTP 503")),
             Difference("globex-industries", "PO-9", "dead-lettered", "Order PO-9 names a material blocked for sale", null)])));

        var (code, output, error) = await Run(gateway, ["--since", "2026-11-23", "--until", "2026-11-30T08:00Z", "--buyer", "acme"]);

        Assert.Equal((1, string.Empty), (code, error));
        Assert.Equal(
            """
            Orders received from 2026-11-23T00:00:00Z until 2026-11-30T08:00:00Z, every buyer, at http://gateway.test:5080/ as of 2026-11-30T08:00:00Z

            buyer              received  forwarded  forwarding  queued  dead-lettered  credit-hold  expired
            acme                      3          1           1       1              0            0        0
            globex-industries        12         10           0       0              1            1        0
            total                    15         11           1       1              1            1        0

            Not forwarded (2):
              PO-2  forwarding  buyer acme  new v1  ord-po-2  received 2026-11-24T00:00:00Z
                  reason: the ERP could not take it yet (unavailable: HTTP 503); tried again at 2026-11-24T02:00:00Z
                  last attempt: 2026-11-24T01:00:00Z unavailable: HTTP 503
                  payloadID: PO-2@test
              PO-9  dead-lettered  buyer globex-industries  new v1  ord-po-9  received 2026-11-24T00:00:00Z
                  reason: Order PO-9 names a material blocked for sale
                  payloadID: PO-9@test

            Not reconciled: 11 of 15 order(s) received in the period forwarded, 2 not forwarded.

            """.ReplaceLineEndings("\n"),
            output);
        Assert.Equal(new Uri("http://gateway.test:5080/api/v1/reconcile?since=2026-11-23T00%3A00%3A00Z&until=2026-11-30T08%3A00%3A00Z&buyer=acme"), gateway.Request!.RequestUri);
        Assert.Equal(Key, Assert.Single(gateway.Request.Headers.GetValues("X-Api-Key")));
    }

    [Fact]
    public async Task Reconcile_EveryOrderForwarded_SaysSoAndExitsZero()
    {
        var gateway = new FakeGateway(HttpStatusCode.OK, Json(Report([new("acme", new(4, 4, 0, 0, 0, 0, 0))], [])));

        var (code, output, _) = await Run(gateway, ["--since", "2026-11-23"]);

        Assert.Equal(0, code);
        Assert.EndsWith("\nReconciled: all 4 order(s) received in the period were forwarded.\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("until=", gateway.Request!.RequestUri!.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_AnIncompleteReport_SaysWhyAndExitsOne_EvenWithoutDifferences()
    {
        var report = Report([new("acme", new(4, 3, 0, 0, 0, 0, 1))], []) with { Complete = false, Incomplete = ["1 order(s) of the period finished more than Orders:IdempotencyRetention (7 days) ago and their records have expired."] };

        var (code, output, _) = await Run(new FakeGateway(HttpStatusCode.OK, Json(report)), ["--since", "2026-11-01"]);

        Assert.Equal(1, code);
        Assert.Contains("\nIncomplete: 1 order(s) of the period finished more than Orders:IdempotencyRetention (7 days) ago", output, StringComparison.Ordinal);
        Assert.EndsWith("Not reconciled: 3 of 4 order(s) received in the period forwarded, 0 not forwarded, 1 expired (outcome unknown); the report is incomplete.\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_FormatJson_PrintsTheGatewaysReportIndented_WithTheSameExitCode()
    {
        var body = Json(Report([new("acme", new(1, 0, 0, 1, 0, 0, 0))], [Difference("acme", "PO-1", "received", "queued; not tried yet", null)]));

        var (code, output, _) = await Run(new FakeGateway(HttpStatusCode.OK, body), ["--since", "2026-11-23", "--format", "json"]);

        Assert.Equal(1, code);
        Assert.Contains("\n  \"differences\": [", output, StringComparison.Ordinal);
        var printed = JsonSerializer.Deserialize<ReconciliationReport>(output, GatewayJson.Options)!;
        Assert.Equal("PO-1", Assert.Single(printed.Differences).OrderId);
    }

    [Fact]
    public async Task Reconcile_KeyFromTheCommandLine_OutranksTheEnvironment()
    {
        var gateway = new FakeGateway(HttpStatusCode.OK, Json(Report([], [])));

        await Run(gateway, ["--since", "2026-11-23", "--key", "from-the-command-line"]);

        Assert.Equal("from-the-command-line", Assert.Single(gateway.Request!.Headers.GetValues("X-Api-Key")));
    }

    [Fact]
    public async Task Reconcile_KeyRefused_SaysSoWithoutTheKey_AndExitsFour()
    {
        var gateway = new FakeGateway(HttpStatusCode.Unauthorized, """{"status":401,"code":"invalid-api-key","detail":"The X-Api-Key header does not hold a valid admin API key."}""");

        var (code, output, error) = await Run(gateway, ["--since", "2026-11-23"]);

        Assert.Equal(ReconcileCommand.NoReport, code);
        Assert.Equal("reconcile: the gateway at http://gateway.test:5080/ refused the admin key (The X-Api-Key header does not hold a valid admin API key.); give the key of its Admin:ApiKey with PUNCHOUT_ADMIN_KEY or --key.\n", error.ReplaceLineEndings("\n"));
        Assert.DoesNotContain(Key, output + error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, """{"code":"unknown-buyer","detail":"No buyer has the id 'acme'; leave buyer out to reconcile every buyer."}""", 2, "reconcile: No buyer has the id 'acme'; leave buyer out to reconcile every buyer.")]
    [InlineData(HttpStatusCode.BadRequest, """{"code":"invalid-period","detail":"The period is empty: until (2026-11-30T08:00:00Z, now) must be after since (2026-12-01T00:00:00Z)."}""", 2, "reconcile: The period is empty:")]
    [InlineData(HttpStatusCode.NotFound, "", 4, "reconcile: http://gateway.test:5080/ has no reconciliation API (HTTP 404)")]
    [InlineData(HttpStatusCode.InternalServerError, """{"title":"An error occurred while processing your request.","status":500}""", 4, "reconcile: the gateway at http://gateway.test:5080/ answered HTTP 500: {\"title\"")]
    [InlineData(HttpStatusCode.OK, "<html>a proxy's page</html>", 4, "reconcile: http://gateway.test:5080/ answered 200 without a reconciliation report: <html>")]
    [InlineData(HttpStatusCode.OK, """{"status":"Healthy"}""", 4, "reconcile: http://gateway.test:5080/ answered 200 without a reconciliation report: {")]
    [InlineData(HttpStatusCode.Found, "", 4, "reconcile: the gateway at http://gateway.test:5080/ answered HTTP 302: ")]
    public async Task Reconcile_GatewayAnswersWithoutAReport_SaysWhatItAnswered(HttpStatusCode status, string body, int exit, string message)
    {
        var (code, output, error) = await Run(new FakeGateway(status, body), ["--since", "2026-11-23", "--buyer", "acme"]);

        Assert.Equal((exit, string.Empty), (code, output));
        Assert.StartsWith(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_NothingListening_SaysSoAndExitsFour()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await ReconcileCommand.RunAsync(["--since", "2026-11-23", "--to", $"http://127.0.0.1:{RedisServer.FreePort()}"], output, error, environment: Environment);

        Assert.Equal(4, code);
        Assert.StartsWith("reconcile: no answer from http://127.0.0.1:", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "reconcile: --since is required: an ISO 8601 date")]
    [InlineData(new[] { "--since" }, "reconcile: --since needs a value.")]
    [InlineData(new[] { "--since", "last monday" }, "reconcile: --since 'last monday' is not an ISO 8601 date")]
    [InlineData(new[] { "--since", "2026-11-23", "--until", "2026-11-22" }, "reconcile: The period is empty: --until (2026-11-22T00:00:00Z) must be after --since (2026-11-23T00:00:00Z).")]
    [InlineData(new[] { "--since", "2026-11-23", "--format", "xml" }, "reconcile: --format is text or json, not 'xml'.")]
    [InlineData(new[] { "--since", "2026-11-23", "--to", "gateway:5080" }, "reconcile: --to must be the gateway's absolute http(s) URL, not 'gateway:5080'.")]
    [InlineData(new[] { "--since", "2026-11-23", "--verbose" }, "reconcile: unknown option --verbose.")]
    [InlineData(new[] { "2026-11-23" }, "reconcile: unexpected argument '2026-11-23'.")]
    public async Task Reconcile_WrongUsage_SaysWhatIsWrongAsksNothingAndExitsTwo(string[] args, string message)
    {
        var gateway = new FakeGateway(HttpStatusCode.OK, Json(Report([], [])));

        var (code, output, error) = await Run(gateway, args);

        Assert.Equal((2, string.Empty), (code, output));
        Assert.StartsWith(message, error, StringComparison.Ordinal);
        Assert.Contains("Usage: Punchout.Gateway", error, StringComparison.Ordinal);
        Assert.Null(gateway.Request);
    }

    [Fact]
    public async Task Reconcile_WithoutAKey_AsksForOneAndExitsTwo()
    {
        var gateway = new FakeGateway(HttpStatusCode.OK, Json(Report([], [])));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await ReconcileCommand.RunAsync(["--since", "2026-11-23"], output, error, gateway, _ => null);

        Assert.Equal(2, code);
        Assert.StartsWith("reconcile: the admin key (Admin:ApiKey) is needed: set PUNCHOUT_ADMIN_KEY, or give --key.", error.ToString(), StringComparison.Ordinal);
        Assert.Null(gateway.Request);
    }

    private static string? Environment(string name) => name == ReconcileCommand.KeyVariable ? Key : null;

    private static async Task<(int Code, string Output, string Error)> Run(FakeGateway gateway, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ReconcileCommand.RunAsync([.. args, .. args.Contains("--to") ? Array.Empty<string>() : ["--to", "http://gateway.test:5080"]], output, error, gateway, Environment);
        return (code, output.ToString(), error.ToString());
    }

    private static string Json(ReconciliationReport report) => JsonSerializer.Serialize(report, GatewayJson.Options);

    private static ReconciliationReport Report(IReadOnlyList<BuyerReconciliation> buyers, IReadOnlyList<OrderDifference> differences)
    {
        var counts = buyers.Select(b => b.Counts).ToList();
        var totals = new ReconciliationCounts(
            counts.Sum(c => c.Received), counts.Sum(c => c.Forwarded), counts.Sum(c => c.Forwarding), counts.Sum(c => c.Queued), counts.Sum(c => c.DeadLettered), counts.Sum(c => c.CreditHold), counts.Sum(c => c.Expired));
        return new ReconciliationReport(Since, Now, null, Now, TimeSpan.FromDays(7), Now.AddDays(-7), true, [], totals, buyers, differences);
    }

    private static OrderDifference Difference(string buyer, string orderId, string state, string reason, ForwardingAttempt? last) =>
        new(buyer, orderId, "ord-" + orderId.ToLowerInvariant(), orderId + "@test", "new", 1, state, Since.AddDays(1), reason, last is null ? 0 : 1, last, null);

    // The gateway as an HTTP handler: answers every request with one status and body, and keeps the request.
    private sealed class FakeGateway(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
