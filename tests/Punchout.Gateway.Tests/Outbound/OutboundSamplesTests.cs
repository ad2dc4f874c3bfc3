using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Orders;
using Punchout.Gateway.Outbound;
using Punchout.Gateway.Redis;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Orders;
using Punchout.TestSupport;

namespace Punchout.Gateway.Tests.Outbound;

/// <summary>The documents in samples/cxml/outbound are exactly what the gateway sends the demo buyer for the demo order
/// and the JSON examples of docs/order-status.md (samples/erp/*.json here), with the payloadID and timestamp pinned.</summary>
/// <remarks>When the writer changes on purpose, run these tests with PUNCHOUT_WRITE_SAMPLES=1 to write the samples
/// again, and review the difference.</remarks>
public class OutboundSamplesTests
{
    private static readonly DateTimeOffset Sent = new(2026, 11, 27, 14, 5, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("confirmation.json", "ConfirmationRequest.xml", "1795788300000.4242.0c0ffee000000001@gateway.example")]
    [InlineData("shipment.json", "ShipNoticeRequest.xml", "1795788300000.4242.0c0ffee000000002@gateway.example")]
    public void Sample_IsWhatTheGatewaySendsTheDemoBuyer_AndFulfillDtdValid(string posted, string sample, string payloadId)
    {
        var options = DemoOptions();
        var buyer = new BuyerDirectory(Options.Create(options)).Find("demo")!;
        var order = DemoOrder(buyer);
        var json = Repository.Bytes($"samples/order-status/{posted}");
        CxmlRequestPayload payload = posted.StartsWith("confirmation", StringComparison.Ordinal)
            ? ErpFulfillment.ToConfirmation(JsonSerializer.Deserialize<ErpConfirmation>(json, GatewayJson.Options)!, order, Sent).Confirmation!
            : ErpFulfillment.ToShipNotice(JsonSerializer.Deserialize<ErpShipment>(json, GatewayJson.Options)!, order, "unused", Sent).Notice!;
        Assert.Empty(payload is Protocols.Cxml.Fulfill.ConfirmationRequest c ? FulfillmentRules.Check(c, order) : FulfillmentRules.Check((Protocols.Cxml.Fulfill.ShipNoticeRequest)payload, order, []));
        var stored = OutboundEnvelopes.Stored(payload, buyer, options.Gateway.Supplier.Credentials, payloadId, Sent, options.Gateway.UserAgent, DeploymentMode.Test);

        var sent = OutboundEnvelopes.ForDelivery(Encoding.UTF8.GetString(CxmlWriter.ToBytes(stored)), buyer.OrderStatusSecret!);

        // The file ends with a new line, as every text file of the repository does.
        var path = $"samples/cxml/outbound/{sample}";
        var expected = Encoding.UTF8.GetString(sent) + "\n";
        if (Environment.GetEnvironmentVariable("PUNCHOUT_WRITE_SAMPLES") == "1")
        {
            File.WriteAllText(Repository.PathOf(path), expected);
        }

        Assert.Equal(expected, Encoding.UTF8.GetString(Repository.Bytes(path)));
        DtdAssert.Valid(Repository.Bytes(path), CxmlDtd.FulfillDtdName);
    }

    [Fact]
    public void SupplierSample_IsFulfillDtdValid_AndNamesTheDemoOrder()
    {
        var document = Repository.Bytes("samples/cxml/supplier/ConfirmationRequest.xml");

        DtdAssert.Valid(document, CxmlDtd.FulfillDtdName);
        var confirmation = Assert.IsType<Protocols.Cxml.Fulfill.ConfirmationRequest>(Assert.IsType<CxmlRequest>(CxmlReader.Read(document).Document!.Body).Payload);
        Assert.Equal(PayloadIdOf("samples/cxml/OrderRequest.xml"), confirmation.OrderReference.DocumentReference.PayloadId);
    }

    // The gateway's embedded defaults: appsettings.json and appsettings.Development.json.
    private static GatewayOptions DemoOptions() => new ConfigurationBuilder()
        .AddJsonFile(Repository.PathOf("src/Gateway/appsettings.json"))
        .AddJsonFile(Repository.PathOf("src/Gateway/appsettings.Development.json"))
        .Build()
        .Get<GatewayOptions>()!;

    // The demo order (samples/cxml/OrderRequest.xml) as the gateway stores it.
    private static OrderRecord DemoOrder(Buyer buyer)
    {
        var document = CxmlReader.Read(Repository.Bytes("samples/cxml/OrderRequest.xml")).Document!;
        var request = Assert.IsType<OrderRequest>(Assert.IsType<CxmlRequest>(document.Body).Payload);
        return new OrderRecord
        {
            Id = "ord-demo",
            BuyerId = buyer.Id,
            PayloadId = document.PayloadId,
            OrderId = request.Header.OrderId,
            ReceivedAt = document.Timestamp,
            Erp = ErpOrderMapping.ToErpOrder(buyer, document.PayloadId, request),
        };
    }

    private static string PayloadIdOf(string sample) => CxmlReader.Read(Repository.Bytes(sample)).Document!.PayloadId;
}
