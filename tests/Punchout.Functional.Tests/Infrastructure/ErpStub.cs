using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Punchout.Functional.Tests.Infrastructure;

/// <summary>The supplier's ERP as a WireMock.Net server speaking the contract of docs/erp-contract.md.</summary>
/// <remarks>Quotes price every line from <see cref="Prices"/>, or fail as <see cref="QuoteAnswers"/> says, each after
/// <see cref="QuoteDelay"/>; orders are answered in the order of <see cref="OrderAnswers"/>, the last repeating.</remarks>
public sealed class ErpStub : IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private int creditCalls;
    private int orderCalls;
    private int quoteCalls;
    private readonly Dictionary<string, string> erpOrderIds = new(StringComparer.Ordinal);

    /// <summary>Starts the ERP on a free port.</summary>
    public ErpStub()
    {
        Server = WireMockServer.Start();
        Server.Given(Request.Create().WithPath("/prices/quote").UsingPost()).RespondWith(Response.Create().WithCallback(QuoteAsync));
        Server.Given(Request.Create().WithPath("/orders").UsingPost()).RespondWith(Response.Create().WithCallback(OrderAsync));
        Server.Given(Request.Create().WithPath("/credit/check").UsingPost()).RespondWith(Response.Create().WithCallback(Credit));
    }

    /// <summary>The WireMock server.</summary>
    public WireMockServer Server { get; }

    /// <summary>The ERP's base URL.</summary>
    public string Url => Server.Url!;

    /// <summary>Contract prices by part; a part not here is not entitled (unless in <see cref="UnknownParts"/>).</summary>
    public ConcurrentDictionary<string, decimal> Prices { get; } = new(new Dictionary<string, decimal> { ["DEMO-1001"] = 12.50m, ["DEMO-1002"] = 5.75m });

    /// <summary>Parts the ERP does not know at all: left out of a quote's answer (a part neither here nor in
    /// <see cref="Prices"/> is known but not entitled).</summary>
    public ConcurrentDictionary<string, bool> UnknownParts { get; } = new();

    /// <summary>When each part's contract price applies (validFrom, validTo; null is open); a part not here is valid from 2026-01-01 on.</summary>
    public ConcurrentDictionary<string, (DateTimeOffset? From, DateTimeOffset? To)> Validity { get; } = new();

    /// <summary>What every quote answers as <c>taxExempt</c> for the account.</summary>
    public bool TaxExempt { get; set; }

    /// <summary>Contract prices in currencies other than USD, by currency and part; a part missing here is quoted in USD.</summary>
    public ConcurrentDictionary<(string Currency, string Part), decimal> ForeignPrices { get; } = new();

    /// <summary>How many orders the ERP created under each Idempotency-Key: one each, however often a key is sent.</summary>
    public ConcurrentDictionary<string, int> Created { get; } = new(StringComparer.Ordinal);

    /// <summary>Orders (by orderId) the ERP refuses with 422, whatever <see cref="OrderAnswers"/> says.</summary>
    public ConcurrentDictionary<string, bool> RejectedOrders { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether every POST /orders answers 503 (the ERP in a maintenance window).</summary>
    public bool OrdersDown { get; set; }

    /// <summary>How long each POST /orders takes to answer.</summary>
    public TimeSpan OrderDelay { get; set; }

    /// <summary>The status of each POST /orders answer in turn; the last repeats.</summary>
    public IReadOnlyList<int> OrderAnswers { get; set; } = [201];

    /// <summary>When set, quotes fail with this status.</summary>
    public int? QuoteFailure { get; set; }

    /// <summary>The status of each POST /prices/quote answer in turn, 200 pricing the lines; the last repeats.</summary>
    public IReadOnlyList<int> QuoteAnswers { get; set; } = [200];

    /// <summary>When set, a failed quote carries this Retry-After header.</summary>
    public string? QuoteRetryAfter { get; set; }

    /// <summary>The status POST /credit/check answers with (ok, hold, over-limit, or anything else).</summary>
    public string CreditStatus { get; set; } = "ok";

    /// <summary>The credit available, given in every credit answer.</summary>
    public decimal? CreditAvailable { get; set; } = 10_000m;

    /// <summary>The reason given with a credit status other than ok.</summary>
    public string CreditReason { get; set; } = "Account C-DEMO is on credit hold: invoice 4711 overdue";

    /// <summary>When set, credit checks fail with this HTTP status.</summary>
    public int? CreditFailure { get; set; }

    /// <summary>How many credit checks reached the ERP.</summary>
    public int CreditChecksReceived => Volatile.Read(ref creditCalls);

    /// <summary>How long the ERP takes over each quote before it answers.</summary>
    public TimeSpan QuoteDelay { get; set; }

    /// <summary>How many quote requests reached the ERP, counted on arrival (a slow answer is logged only when sent).</summary>
    public int QuotesReceived => Volatile.Read(ref quoteCalls);

    /// <summary>The requests the ERP received at <paramref name="path"/>.</summary>
    public IReadOnlyList<ILogEntry> Calls(string path) => [.. Server.LogEntries.Where(e => e.RequestMessage.Path == path)];

    /// <summary>The JSON body of a received request.</summary>
    public static JsonNode Body(ILogEntry call) => JsonNode.Parse(call.RequestMessage.Body!)!;

    /// <inheritdoc />
    public void Dispose()
    {
        stopping.Cancel();
        Server.Stop();
        stopping.Dispose();
    }

    private async Task<IResponseMessage> QuoteAsync(IRequestMessage request)
    {
        var call = Interlocked.Increment(ref quoteCalls);
        if (QuoteDelay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(QuoteDelay, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return Json(503, new JsonObject { ["reason"] = "stopped" });
            }
        }

        var status = QuoteFailure ?? QuoteAnswers[Math.Min(call, QuoteAnswers.Count) - 1];
        if (status != 200)
        {
            var failed = Json(status, new JsonObject { ["reason"] = "pricing engine down" });
            if (QuoteRetryAfter is { } retryAfter)
            {
                failed.AddHeader("Retry-After", retryAfter);
            }

            return failed;
        }

        var body = JsonNode.Parse(request.Body!)!;
        var lines = new JsonArray();
        foreach (var line in body["lines"]!.AsArray())
        {
            var part = (string)line!["supplierPartId"]!;
            if (UnknownParts.ContainsKey(part))
            {
                continue;
            }

            var currency = (string)body["currency"]!;
            var foreign = ForeignPrices.TryGetValue((currency, part), out var foreignPrice);
            var known = Prices.TryGetValue(part, out var price);
            price = foreign ? foreignPrice : price;
            var (validFrom, validTo) = Validity.TryGetValue(part, out var validity) ? validity : (new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), null);
            lines.Add(new JsonObject
            {
                ["lineRef"] = (string)line["lineRef"]!,
                ["supplierPartId"] = part,
                ["entitled"] = known,
                ["unitPrice"] = known ? price : null,
                ["currency"] = foreign ? currency : "USD",
                ["unitOfMeasure"] = "EA",
                ["priceBasisQuantity"] = 1,
                ["validFrom"] = validFrom?.ToString("O", CultureInfo.InvariantCulture),
                ["validTo"] = validTo?.ToString("O", CultureInfo.InvariantCulture),
                ["contractId"] = "K-77",
                ["classification"] = new JsonObject { ["domain"] = "UNSPSC", ["code"] = "44121701" },
                ["description"] = $"ERP description of {part}",
            });
        }

        return Json(200, new JsonObject { ["account"] = (string)body["account"]!, ["taxExempt"] = TaxExempt, ["lines"] = lines });
    }

    private ResponseMessage Credit(IRequestMessage request)
    {
        Interlocked.Increment(ref creditCalls);
        if (CreditFailure is { } failure)
        {
            return Json(failure, new JsonObject { ["reason"] = "credit service down" });
        }

        var body = JsonNode.Parse(request.Body!)!;
        return Json(200, new JsonObject
        {
            ["account"] = (string)body["account"]!,
            ["status"] = CreditStatus,
            ["available"] = CreditAvailable,
            ["reason"] = CreditStatus == "ok" ? null : CreditReason,
        });
    }

    // As an ERP keeping its promise on the Idempotency-Key: the first order under a key is created (201, SO-9, SO-10,
    // ...), a later one under the same key answered 200 with the same id and created nothing.
    private async Task<IResponseMessage> OrderAsync(IRequestMessage request)
    {
        var call = Interlocked.Increment(ref orderCalls);
        if (OrderDelay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(OrderDelay, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return Json(503, new JsonObject { ["reason"] = "stopped" });
            }
        }

        var orderId = (string?)JsonNode.Parse(request.Body!)!["orderId"];
        var status = OrdersDown ? 503
            : orderId is not null && RejectedOrders.ContainsKey(orderId) ? 422
            : OrderAnswers[Math.Min(call, OrderAnswers.Count) - 1];
        if (status is 201 or 200)
        {
            var key = request.Headers!["Idempotency-Key"][0];
            lock (erpOrderIds)
            {
                var known = erpOrderIds.TryGetValue(key, out var erpOrderId);
                erpOrderId ??= $"SO-{9 + erpOrderIds.Count}";
                erpOrderIds[key] = erpOrderId;
                Created[key] = Created.GetValueOrDefault(key) + (known ? 0 : 1);
                return Json(known ? 200 : 201, new JsonObject { ["erpOrderId"] = erpOrderId });
            }
        }

        return status switch
        {
            422 => Json(status, new JsonObject { ["reason"] = $"Order {orderId} names a material blocked for sale" }),
            >= 400 and < 500 => Json(status, new JsonObject { ["reason"] = "Account C-DEMO is on credit hold" }),
            _ => new ResponseMessage { StatusCode = status, BodyData = new BodyData { BodyAsString = "<html>Service Unavailable</html>", DetectedBodyType = BodyType.String } },
        };
    }

    private static ResponseMessage Json(int status, JsonNode body)
    {
        var response = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body.ToJsonString(new JsonSerializerOptions()), DetectedBodyType = BodyType.String },
        };
        response.AddHeader("Content-Type", "application/json");
        return response;
    }
}
