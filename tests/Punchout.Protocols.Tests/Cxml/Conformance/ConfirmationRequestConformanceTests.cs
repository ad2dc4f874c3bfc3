using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Fulfill;

namespace Punchout.Protocols.Tests.Cxml.Conformance;

public class ConfirmationRequestConformanceTests
{
    private const string File = "network-ConfirmationRequest.xml";
    private static readonly TimeSpan Cdt = TimeSpan.FromHours(-5);

    [Fact]
    public void Read_NetworkConfirmation_ReadsHeaderReferenceAndItems()
    {
        var confirmation = Corpus.Payload<ConfirmationRequest>(Corpus.Read(File));

        var header = confirmation.Header;
        Assert.Equal(ConfirmationType.Detail, header.Type);
        Assert.Equal(ConfirmationOperation.New, header.Operation);
        Assert.Equal(new DateTimeOffset(2012, 9, 4, 2, 37, 49, Cdt), header.NoticeDate);
        Assert.Null(header.ConfirmId); // confirmID="" says nothing
        Assert.Equal("623612976001", header.InvoiceId);
        Assert.Null(header.IncoTerms);
        Assert.Null(header.Version);
        Assert.Null(header.DocumentReference);
        Assert.Null(header.Total);
        Assert.Empty(header.Comments);
        Assert.Empty(header.Extrinsics);
        var contact = Assert.Single(header.Contacts);
        Assert.Equal("HOSPITAL BUILDING", contact.Name);
        Assert.Equal("en-US", contact.NameLang);
        Assert.Equal("shipTo", contact.Role);
        Assert.Equal("0170-74629-00", contact.AddressId);
        var postal = Assert.Single(contact.PostalAddresses);
        Assert.Equal(["Yvonne Smith", "541813031"], postal.DeliverTo);
        Assert.Equal(["3601 Mile Road", "BUILDING: 0170-74629-00"], postal.Street);
        Assert.Equal("Royal Oak", postal.City);
        Assert.Equal("MI", postal.State);
        Assert.Equal("48073", postal.PostalCode);
        Assert.Equal("US", postal.IsoCountryCode);
        Assert.Equal("United States", postal.Country);

        Assert.Equal("400-2591453-0", confirmation.OrderReference.OrderId);
        Assert.Null(confirmation.OrderReference.OrderDate);
        Assert.Equal("20120904023747.cXMLPurchaseOrder.984556224@eprosvcs.com", confirmation.OrderReference.DocumentReference.PayloadId);

        Assert.Equal([(20m, 1, "RM"), (12m, 2, "BX"), (2m, 3, "EA")], confirmation.Items.Select(i => (i.Quantity, i.LineNumber, i.UnitOfMeasure)));
        Assert.Equal([4.44m, 1.52m, 4.14m], confirmation.Items.Select(i => i.Statuses.Single().UnitPrice!.Amount));
        var status = confirmation.Items[0].Statuses.Single();
        Assert.Equal(20m, status.Quantity);
        Assert.Equal(ConfirmationStatusType.Accept, status.Type);
        Assert.Equal(new DateTimeOffset(2012, 9, 5, 12, 0, 0, Cdt), status.ShipmentDate);
        Assert.Equal(new DateTimeOffset(2012, 9, 5, 12, 0, 0, Cdt), status.DeliveryDate);
        Assert.Equal("RM", status.UnitOfMeasure);
        Assert.Equal(new Money(4.44m, "USD"), status.UnitPrice);
        Assert.Null(status.Substitute);
        Assert.Empty(status.Comments); // <Comments></Comments> says nothing
        Assert.Equal([new Extrinsic("SupplierPartID", "751441"), new Extrinsic("SupplierPartAuxilliaryID", "751441")], status.Extrinsics);
        Assert.Equal(new Extrinsic("SupplierPartID", "908194"), confirmation.Items[2].Statuses.Single().Extrinsics.Single());
    }

    [Fact]
    public void Write_NetworkConfirmation_IsFulfillDtdValidAndReadsBackEqual() =>
        Corpus.AssertRoundTrips(Corpus.Read(File), CxmlDtd.FulfillDtdName);

    [Fact]
    public void Write_UpdateWithSubstituteAndEveryModelledField_IsFulfillDtdValidAndReadsBackEqual()
    {
        var document = Corpus.Read(File);
        var confirmation = Corpus.Payload<ConfirmationRequest>(document);
        var status = confirmation.Items[0].Statuses[0];
        var update = confirmation with
        {
            Header = confirmation.Header with
            {
                Type = ConfirmationType.Replace,
                Operation = ConfirmationOperation.Update,
                ConfirmId = "C-1",
                IncoTerms = IncoTerms.Dap,
                Version = 2,
                DocumentReference = new DocumentReference("1346769469000.process.162998589@officedepot.com"),
                Total = new Money(131.32m, "USD"),
                Shipping = new Shipping(new Money(9.95m, "USD"), new Description("Ground", "en")),
                Tax = new Tax(new Money(7.88m, "USD"), new Description("Sales tax", "en")),
                Comments = [new Comment("Item 751441 is discontinued.", "en-US")],
                Extrinsics = [new Extrinsic("Warehouse", "MI-2")],
            },
            OrderReference = confirmation.OrderReference with { OrderDate = new DateTimeOffset(2012, 9, 4, 2, 37, 47, Cdt) },
            Items =
            [
                confirmation.Items[0] with
                {
                    Statuses =
                    [
                        status with
                        {
                            Type = ConfirmationStatusType.Detail,
                            UnitPrice = null,
                            Substitute = new(20m, new ItemId("751442"), Some.Detail(4.59m), LineNumber: 1),
                            Comments = [new Comment("Substitute: the newer model.")],
                        },
                    ],
                },
                confirmation.Items[1] with { Statuses = [confirmation.Items[1].Statuses[0] with { Tax = new Tax(new Money(1.2m, "USD"), new Description("Sales tax", "en")) }] },
            ],
        };

        Corpus.AssertRoundTrips(document with { Body = new CxmlRequest(update) }, CxmlDtd.FulfillDtdName);
    }

    [Fact]
    public void Read_ItemWithoutUnitOfMeasure_IsMissingRequiredAtThatItem()
    {
        var error = Corpus.ReadErrorWithout(File, "<UnitOfMeasure>RM</UnitOfMeasure>");

        Assert.Equal(CxmlReadErrorKind.MissingRequired, error.Kind);
        Assert.Contains("UnitOfMeasure", error.Message, StringComparison.Ordinal);
        Assert.Equal("/cXML/Request/ConfirmationRequest/ConfirmationItem[1]", error.Path);
        Assert.Equal(42, error.Line);
    }
}
