using Punchout.Protocols.Cxml.Orders;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Fulfill;

namespace Punchout.Protocols.Tests.Cxml.Conformance;

public class ShipNoticeRequestConformanceTests
{
    private const string File = "generic-ShipNoticeRequest.xml";
    private static readonly TimeSpan Pst = TimeSpan.FromHours(-8);

    [Fact]
    public void Read_GenericShipNotice_ReadsHeaderControlAndPortion()
    {
        var notice = Corpus.Payload<ShipNoticeRequest>(Corpus.Read(File));

        var header = notice.Header;
        Assert.Equal("S2-123", header.ShipmentId);
        Assert.Equal(ShipNoticeOperation.New, header.Operation);
        Assert.Equal(new DateTimeOffset(2000, 10, 14, 18, 39, 9, Pst), header.NoticeDate);
        Assert.Equal(new DateTimeOffset(2000, 10, 14, 8, 30, 19, Pst), header.ShipmentDate);
        Assert.Equal(new DateTimeOffset(2000, 10, 18, 9, 0, 0, Pst), header.DeliveryDate);
        Assert.Null(header.ShipmentType);
        Assert.Null(header.FulfillmentType);
        Assert.Null(header.Reason);
        Assert.Empty(header.ServiceLevels);
        Assert.Null(header.DocumentReference);
        Assert.Empty(header.Contacts);
        Assert.Empty(header.Extrinsics);
        var comment = Assert.Single(header.Comments);
        Assert.Equal("Got it all into one shipment.", comment.Text);
        Assert.Equal("en-CA", comment.Lang);

        var control = Assert.Single(notice.Controls);
        Assert.Null(control.StartDate);
        Assert.Equal([new CarrierIdentifier("SCAC", "FDE"), new CarrierIdentifier("companyName", "Federal Express")], control.Carriers);
        Assert.Equal(new ShipmentIdentifier("8202 8261 1194"), control.ShipmentIdentifiers.Single());

        var portion = Assert.Single(notice.Portions);
        Assert.Equal("DO1234", portion.OrderReference.OrderId);
        Assert.Null(portion.OrderReference.OrderDate);
        Assert.Equal("32232995@hub.acme.com", portion.OrderReference.DocumentReference.PayloadId);
        Assert.Null(portion.MasterAgreement);
        Assert.Empty(portion.Contacts);
        Assert.Empty(portion.Comments);
        Assert.Empty(portion.Extrinsics);
        Assert.Empty(portion.Items); // no items: the whole order shipped
    }

    [Fact]
    public void Write_GenericShipNotice_IsFulfillDtdValidAndReadsBackEqual() =>
        Corpus.AssertRoundTrips(Corpus.Read(File), CxmlDtd.FulfillDtdName);

    [Fact]
    public void Write_PartialNoticeWithLinesAndEveryModelledField_IsFulfillDtdValidAndReadsBackEqual()
    {
        var document = Corpus.Read(File);
        var notice = Corpus.Payload<ShipNoticeRequest>(document);
        var portion = notice.Portions[0];
        var partial = notice with
        {
            Header = notice.Header with
            {
                Operation = ShipNoticeOperation.Update,
                ShipmentType = ShipmentType.Actual,
                FulfillmentType = FulfillmentType.Partial,
                Reason = ShipmentReason.Return,
                ServiceLevels = [new ServiceLevel("overnight", "en-US"), new ServiceLevel("24 heures", "fr-CA")],
                DocumentReference = new DocumentReference("0c30049@supplierorg.com"),
                Contacts = [new Contact("Dock 4", "shipFrom", "dock4@supplierorg.example")],
                Extrinsics = [new Extrinsic("Pallets", "2")],
            },
            Controls = [notice.Controls[0], notice.Controls[0] with { StartDate = new DateTimeOffset(2000, 10, 15, 8, 0, 0, Pst), ShipmentIdentifiers = [new ShipmentIdentifier("1Z999", "UPS")] }],
            Portions =
            [
                portion with
                {
                    MasterAgreement = new MasterAgreementReference(new DocumentReference("ma-9@hub.acme.com"), "MA-9"),
                    Items =
                    [
                        new ShipNoticeItem { Quantity = 5m, LineNumber = 1, ShipNoticeLineNumber = 1, ItemId = new ItemId("FDE-1", "aux"), UnitOfMeasure = "EA", Comments = [new Comment("Box 1 of 2")] },
                        new ShipNoticeItem { Quantity = 2.5m, LineNumber = 3, UnitOfMeasure = "KGM", Extrinsics = [new Extrinsic("Lot", "L-7")] },
                    ],
                },
                portion with { OrderReference = new OrderReference(new DocumentReference("32232996@hub.acme.com")) { OrderId = "DO1235" }, MasterAgreement = new MasterAgreementIdInfo("MA-10") },
            ],
        };

        Corpus.AssertRoundTrips(document with { Body = new CxmlRequest(partial) }, CxmlDtd.FulfillDtdName);
    }

    [Fact]
    public void Read_ShipControlWithoutShipmentIdentifier_IsMissingRequiredAtTheControl()
    {
        var error = Corpus.ReadErrorWithout(File, "<ShipmentIdentifier>8202 8261 1194</ShipmentIdentifier>");

        Assert.Equal(CxmlReadErrorKind.MissingRequired, error.Kind);
        Assert.Contains("ShipmentIdentifier", error.Message, StringComparison.Ordinal);
        Assert.Equal("/cXML/Request/ShipNoticeRequest/ShipControl", error.Path);
        Assert.Equal(32, error.Line);
    }
}
