using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Punchout.Protocols.Cxml;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Punchout.Functional.Tests.Infrastructure;

/// <summary>How the buyer's procurement system answers one document: an HTTP status and, when given, a cXML Response
/// with that Status code (else an HTML page).</summary>
public sealed record BuyerAnswer(int HttpStatus, int? CxmlStatus = null, string? Detail = null)
{
    /// <summary>HTTP 200 with Status 200.</summary>
    public static BuyerAnswer Ok { get; } = new(200, 200);
}

/// <summary>The buyer's procurement system as a WireMock.Net server taking ConfirmationRequests and ShipNoticeRequests
/// at <see cref="Url"/>; it answers in the order of <see cref="Answers"/>, the last repeating.</summary>
public sealed class BuyerStub : IDisposable
{
    private int calls;

    /// <summary>Starts the buyer on a free port.</summary>
    public BuyerStub()
    {
        Server = WireMockServer.Start();
        Server.Given(Request.Create().WithPath("/cxml/order-status").UsingPost()).RespondWith(Response.Create().WithCallback(Answer));
    }

    /// <summary>The WireMock server.</summary>
    public WireMockServer Server { get; }

    /// <summary>Where the buyer takes order status documents.</summary>
    public string Url => Server.Url + "/cxml/order-status";

    /// <summary>The answer to each document in turn; the last repeats.</summary>
    public IReadOnlyList<BuyerAnswer> Answers { get; set; } = [BuyerAnswer.Ok];

    /// <summary>Every document received, in the order it arrived, with its Content-Type.</summary>
    public IReadOnlyList<(byte[] Body, string? ContentType)> Received =>
        [.. Server.LogEntries.OrderBy(e => e.RequestMessage.DateTime).Select(e => (e.RequestMessage.BodyAsBytes ?? Encoding.UTF8.GetBytes(e.RequestMessage.Body ?? string.Empty), e.RequestMessage.Headers is { } headers && headers.TryGetValue("Content-Type", out var type) ? type.FirstOrDefault() : null))];

    /// <summary>The documents received, read.</summary>
    public IReadOnlyList<CxmlEnvelope> Documents => [.. Received.Select(r =>
    {
        var read = CxmlReader.Read(r.Body);
        Assert.True(read.Error is null, read.Error?.ToString());
        return read.Document!;
    })];

    /// <inheritdoc />
    public void Dispose() => Server.Stop();

    private ResponseMessage Answer(IRequestMessage request)
    {
        var call = Interlocked.Increment(ref calls);
        var answer = Answers[Math.Min(call, Answers.Count) - 1];
        var body = answer.CxmlStatus is { } code
            ? Encoding.UTF8.GetString(CxmlWriter.ToBytes(new CxmlEnvelope
            {
                PayloadId = $"{Guid.NewGuid():N}@buyer.example",
                Timestamp = DateTimeOffset.UtcNow,
                Body = new CxmlResponse(CxmlStatus.Of(code, answer.Detail)),
            }))
            : "<html><body>Service Unavailable</body></html>";
        var response = new ResponseMessage
        {
            StatusCode = answer.HttpStatus,
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String },
        };
        response.AddHeader("Content-Type", answer.CxmlStatus is null ? "text/html" : "text/xml; charset=utf-8");
        return response;
    }
}

/// <summary>The supplier's ERP reporting back through the gateway's order status API, with the demo ERP key.</summary>
public sealed class ErpReports(HttpClient http, string apiKey = "demo-erp-key")
{
    /// <summary>POST /api/v1/orders/{id}/confirmations.</summary>
    public Task<HttpResponseMessage> ConfirmAsync(string gatewayOrderId, object confirmation) => PostAsync($"/api/v1/orders/{gatewayOrderId}/confirmations", JsonContent.Create(confirmation));

    /// <summary>POST /api/v1/orders/{id}/shipments.</summary>
    public Task<HttpResponseMessage> ShipAsync(string gatewayOrderId, object shipment) => PostAsync($"/api/v1/orders/{gatewayOrderId}/shipments", JsonContent.Create(shipment));

    /// <summary>POST of raw text as JSON to a path.</summary>
    public Task<HttpResponseMessage> PostRawAsync(string path, string text) => PostAsync(path, new StringContent(text, Encoding.UTF8, "application/json"));

    /// <summary>GET /api/v1/outbound/{id}: the document's state, attempts and cXML.</summary>
    public async Task<JsonNode> DocumentAsync(string outboundId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/v1/outbound/{outboundId}", UriKind.Relative));
        request.Headers.Add("X-Api-Key", apiKey);
        return await Storefront.JsonAsync(await http.SendAsync(request), HttpStatusCode.OK);
    }

    private Task<HttpResponseMessage> PostAsync(string path, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.Add("X-Api-Key", apiKey);
        return http.SendAsync(request);
    }
}
