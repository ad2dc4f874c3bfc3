using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Cxml;
using Punchout.Gateway.Sessions;
using Punchout.Gateway.Support;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Orders;
using Punchout.Protocols.Cxml.PunchOut;
using Punchout.TestSupport;

namespace Punchout.Gateway.Tests.Support;

/// <summary>The documents the console's punchout tester sends as the demo buyer are valid against the bundled cXML DTD
/// (in process and by xmllint) and read back as they were meant.</summary>
public class PunchoutTesterDocumentTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SetupRequest_IsDtdValid_InTestMode_WithTheRunAsBuyerCookie()
    {
        var bytes = Write(PunchoutTester.TestSetup("run-1", "https://gateway.example/console/tester/run-1/received"));

        Valid(bytes);
        var document = CxmlReader.Read(bytes).Document!;
        var request = Assert.IsType<CxmlRequest>(document.Body);
        var setup = Assert.IsType<PunchOutSetupRequest>(request.Payload);
        Assert.Equal((DeploymentMode.Test, "run-1", "https://gateway.example/console/tester/run-1/received"), (request.DeploymentMode, setup.BuyerCookie, setup.BrowserFormPostUrl));
        Assert.Equal("demo-shared-secret", document.Header!.Sender.Credentials.Single().SharedSecret!.Reveal());
    }

    [Fact]
    public void OrderRequest_OfAReceivedCart_IsDtdValid_WithItsLinesAndTotal()
    {
        var message = new PunchOutOrderMessage
        {
            BuyerCookie = "run-2",
            Total = new Money(25.00m, "USD"),
            Items =
            [
                new ItemIn(2, new ItemId("DEMO-1001", "aux-1"), new ItemDetail { UnitPrice = new Money(12.50m, "USD"), Descriptions = [new Description("Pen", "en")], UnitOfMeasure = "EA", Classifications = [new Classification("UNSPSC", "44121701")] }, 1),
            ],
        };

        var bytes = Write(PunchoutTester.TestOrder("run-2", message, At));

        Valid(bytes);
        var order = Assert.IsType<OrderRequest>(Assert.IsType<CxmlRequest>(CxmlReader.Read(bytes).Document!.Body).Payload);
        Assert.Equal(("TEST-run-2", 25.00m, "TESTER", "TESTER"), (order.Header.OrderId, order.Header.Total.Amount, order.Header.ShipTo!.AddressId, order.Header.BillTo.AddressId));
        var line = Assert.Single(order.Items);
        Assert.Equal((1, 2m, "DEMO-1001", "aux-1", 12.50m), (line.LineNumber, line.Quantity, line.ItemId.SupplierPartId, line.ItemId.SupplierPartAuxiliaryId, line.ItemDetail!.UnitPrice.Amount));
    }

    private static byte[] Write(CxmlRequestPayload payload)
    {
        var options = new ConfigurationBuilder()
            .AddJsonFile(Repository.PathOf("src/Gateway/appsettings.json"))
            .AddJsonFile(Repository.PathOf("src/Gateway/appsettings.Development.json"))
            .Build()
            .Get<GatewayOptions>()!;
        var buyer = new BuyerDirectory(Options.Create(options)).Find("demo")!;
        return CxmlWriter.ToBytes(PunchoutTester.Envelope(buyer, buyer.MacKey!, new PayloadIdFactory(TimeProvider.System, new CryptoRandomSource()), At, payload));
    }

    private static void Valid(byte[] bytes)
    {
        DtdAssert.Valid(bytes);
        var file = Path.Combine(Path.GetTempPath(), $"tester-{Guid.NewGuid():N}.xml");
        File.WriteAllBytes(file, bytes);
        try
        {
            var (exitCode, lines) = Xmllint.Validate(file, CxmlDtd.CxmlDtdName);
            Assert.True(exitCode == 0, string.Join('\n', lines));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
