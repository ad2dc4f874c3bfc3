using System.Text;
using System.Xml.Linq;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Fulfill;
using Punchout.Protocols.Cxml.Invoices;
using Punchout.Protocols.Cxml.Orders;
using Punchout.TestSupport;

namespace Punchout.Protocols.Tests.Cxml.Conformance;

public class InvoiceDetailRequestConformanceTests
{
    private const string File = "coupa-InvoiceDetailRequest.xml";
    private static readonly TimeSpan Pdt = TimeSpan.FromHours(-7);

    [Fact]
    public void Read_CoupaInvoice_ReadsHeaderOrderAndSummary()
    {
        var invoice = Corpus.Payload<InvoiceDetailRequest>(Corpus.Read(File));

        var header = invoice.Header;
        Assert.Equal("3495", header.InvoiceId);
        Assert.Equal(InvoicePurpose.Standard, header.Purpose);
        Assert.Equal(InvoiceOperation.New, header.Operation);
        Assert.Equal(new DateTimeOffset(2009, 5, 1, 11, 45, 51, Pdt), header.InvoiceDate);
        Assert.Equal(new InvoiceDetailHeaderIndicator(), header.HeaderIndicator);
        Assert.Equal(new InvoiceDetailLineIndicator { IsTaxInLine = true, IsAccountingInLine = true }, header.LineIndicator);
        Assert.Null(header.DocumentReference);
        var term = Assert.Single(header.PaymentTerms);
        Assert.Equal(30, term.PayInNumberOfDays);
        Assert.Null(term.DiscountPercent);
        Assert.Null(term.DiscountAmount);

        var order = Assert.Single(invoice.Orders);
        Assert.Equal("123", order.OrderInfo.OrderReference!.DocumentReference.PayloadId);
        Assert.Null(order.OrderInfo.OrderReference.OrderId);
        Assert.Null(order.OrderInfo.OrderIdInfo);
        var item = Assert.IsType<InvoiceDetailItem>(Assert.Single(order.Lines));
        Assert.Equal(1, item.InvoiceLineNumber);
        Assert.Equal(1m, item.Quantity);
        Assert.Equal("EA", item.UnitOfMeasure);
        Assert.Equal(new Money(365m, "USD"), item.UnitPrice);
        Assert.Equal(1, item.Reference.LineNumber);
        Assert.Null(item.Reference.ItemId);
        Assert.Equal(new Description("NEW 1 NINTENDO WII GAME CONSOLE + WII FIT BUNDLE +GAMES", "en"), item.Reference.Description);
        Assert.Equal(new Money(365m, "USD"), item.SubtotalAmount);
        var tax = item.Tax!;
        Assert.Equal(new Money(8m, "USD"), tax.Money);
        Assert.Equal(new Description("total tax", "en"), tax.Description);
        var detail = Assert.Single(tax.Details);
        Assert.Equal("tax", detail.Purpose);
        Assert.Equal("CA", detail.Category);
        Assert.Equal(8.25m, detail.PercentageRate);
        Assert.Equal("2009-04-24T11:45:51-07:00", detail.TaxPointDate);
        Assert.Equal(new Money(365m, "USD"), detail.TaxableAmount);
        Assert.Equal(new Money(8m, "USD"), detail.TaxAmount);
        Assert.Equal(new Description("CA", "en"), detail.TaxLocation);

        var summary = invoice.Summary;
        Assert.Equal(new Money(365m, "USD"), summary.SubtotalAmount);
        Assert.Equal(new Money(8m, "USD"), summary.Tax.Money);
        Assert.Equal(new Description("total tax", "en"), summary.Tax.Description);
        Assert.Empty(summary.Tax.Details);
        Assert.Equal(new Money(5m, "USD"), summary.SpecialHandlingAmount);
        Assert.Equal(new Money(30m, "USD"), summary.ShippingAmount);
        Assert.Null(summary.GrossAmount);
        Assert.Equal(new SummaryAmount(null, "USD"), summary.NetAmount); // <Money currency="USD" />: no amount stated
        Assert.Null(summary.DueAmount);
    }

    [Fact]
    public void Write_CoupaInvoice_IsInvoiceDetailDtdValidAndReadsBackEqual() =>
        Corpus.AssertRoundTrips(Corpus.Read(File), CxmlDtd.InvoiceDetailDtdName);

    [Fact]
    public void Write_CreditMemoWithEveryModelledField_IsInvoiceDetailDtdValidAndReadsBackEqual()
    {
        var document = Corpus.Read(File);
        var invoice = Corpus.Payload<InvoiceDetailRequest>(document);
        var item = Assert.IsType<InvoiceDetailItem>(invoice.Orders[0].Lines[0]);
        var memo = invoice with
        {
            Header = invoice.Header with
            {
                Purpose = InvoicePurpose.CreditMemo,
                HeaderIndicator = new InvoiceDetailHeaderIndicator { IsHeaderInvoice = true, IsVatRecoverable = true },
                LineIndicator = new InvoiceDetailLineIndicator { IsShippingInLine = true, IsDiscountInLine = true },
                DocumentReference = new DocumentReference("1240598900@devtrunk.coupahost.com"),
                PaymentTerms = [new PaymentTerm(10) { DiscountPercent = 2m }, new PaymentTerm(30) { DiscountAmount = new Money(1.5m, "USD"), Extrinsics = [new Extrinsic("Net", "30")] }],
                Extrinsics = [new Extrinsic("invoiceSubmissionMethod", "cXML")],
            },
            Orders = [invoice.Orders[0] with
            {
                OrderInfo = invoice.Orders[0].OrderInfo with
                {
                    OrderReference = invoice.Orders[0].OrderInfo.OrderReference! with { OrderId = "PO-77", OrderDate = new DateTimeOffset(2009, 4, 20, 9, 0, 0, Pdt) },
                    MasterAgreement = new MasterAgreementIdInfo("MA-2009-01"),
                    SupplierOrderInfo = new SupplierOrderInfo("SO-4410", new DateTimeOffset(2009, 4, 21, 8, 0, 0, Pdt)),
                },
                Lines = [item with { Reference = item.Reference with { ItemId = new ItemId("WII-FIT", "aux-1") }, Extrinsics = [new Extrinsic("Account", "6400")] }],
            }],
            Summary = invoice.Summary with { GrossAmount = new SummaryAmount(408m, "USD"), NetAmount = new SummaryAmount(408m, "USD"), DueAmount = new SummaryAmount(400m, "USD") },
        };

        Corpus.AssertRoundTrips(document with { Body = new CxmlRequest(memo) }, CxmlDtd.InvoiceDetailDtdName);
    }

    [Fact]
    public void Read_OrderIdInfoInPlaceOfOrderReference_ReadsTheOrderNumberAndDateAndWritesThemBack()
    {
        // InvoiceDetailOrderInfo's (OrderIDInfo, SupplierOrderInfo?) form: the order by its PO number, no OrderRequest at hand.
        var bytes = Variant(OrderReferenceXml, """<OrderIDInfo orderID="PO-77" orderDate="2009-04-20T09:00:00-07:00" />""");
        DtdAssert.Valid(bytes, CxmlDtd.InvoiceDetailDtdName);

        var document = Corpus.Read(bytes);
        var info = Assert.Single(Corpus.Payload<InvoiceDetailRequest>(document).Orders).OrderInfo;

        Assert.Equal(new OrderIdInfo("PO-77", new DateTimeOffset(2009, 4, 20, 9, 0, 0, Pdt)), info.OrderIdInfo);
        Assert.Null(info.OrderReference);
        Assert.Null(info.MasterAgreement);
        Assert.Null(info.SupplierOrderInfo);
        Corpus.AssertRoundTrips(document, CxmlDtd.InvoiceDetailDtdName);
    }

    [Fact]
    public void Read_ServiceItemLineAfterAGoodsLine_ReadsBothInOrderAndWritesThemBack()
    {
        var bytes = Variant("</InvoiceDetailItem>", "</InvoiceDetailItem>" + ServiceItemXml);
        DtdAssert.Valid(bytes, CxmlDtd.InvoiceDetailDtdName);

        var document = Corpus.Read(bytes);
        var lines = Assert.Single(Corpus.Payload<InvoiceDetailRequest>(document).Orders).Lines;

        Assert.Equal(2, lines.Count);
        Assert.IsType<InvoiceDetailItem>(lines[0]);
        var service = Assert.IsType<InvoiceDetailServiceItem>(lines[1]);
        Assert.Equal(2, service.InvoiceLineNumber);
        Assert.Equal(3m, service.Quantity);
        Assert.Equal(new DateTimeOffset(2009, 4, 30, 17, 0, 0, Pdt), service.ReferenceDate);
        Assert.Equal(2, service.Reference.LineNumber);
        Assert.Equal(new Classification("UNSPSC", "81111500"), Assert.Single(service.Reference.Classifications));
        Assert.Equal(new Description("Console installation", "en"), service.Reference.Description);
        Assert.Equal(new Money(300m, "USD"), service.SubtotalAmount);
        Assert.Equal(new InvoicePeriod(new DateTimeOffset(2009, 4, 28, 9, 0, 0, Pdt), new DateTimeOffset(2009, 4, 30, 17, 0, 0, Pdt)), service.Period);
        Assert.Equal("HUR", service.UnitOfMeasure);
        Assert.Equal(new Money(100m, "USD"), service.UnitPrice);
        Assert.Equal(new Extrinsic("Technician", "T-12"), Assert.Single(service.Extrinsics));
        Corpus.AssertRoundTrips(document, CxmlDtd.InvoiceDetailDtdName);
    }

    [Fact]
    public void Write_ServiceItemWithOnlyItsRequiredChildren_IsInvoiceDetailDtdValidAndReadsBackEqual()
    {
        var document = Corpus.Read(File);
        var invoice = Corpus.Payload<InvoiceDetailRequest>(document);
        var service = new InvoiceDetailServiceItem
        {
            InvoiceLineNumber = 2,
            Reference = new InvoiceDetailServiceItemReference(),
            SubtotalAmount = new Money(300m, "USD"),
        };
        var withService = invoice with { Orders = [invoice.Orders[0] with { Lines = [service] }] };

        Corpus.AssertRoundTrips(document with { Body = new CxmlRequest(withService) }, CxmlDtd.InvoiceDetailDtdName);
    }

    [Fact]
    public void Read_ServiceItemWithoutSubtotalAmount_IsMissingRequiredAtTheServiceItem()
    {
        var error = ReadError(Variant("</InvoiceDetailItem>", "</InvoiceDetailItem>" + ServiceItemXml.Replace("""<SubtotalAmount><Money currency="USD">300</Money></SubtotalAmount>""", string.Empty, StringComparison.Ordinal)));

        Assert.Equal(CxmlReadErrorKind.MissingRequired, error.Kind);
        Assert.Contains("SubtotalAmount", error.Message, StringComparison.Ordinal);
        Assert.Equal("/cXML/Request/InvoiceDetailRequest/InvoiceDetailOrder/InvoiceDetailServiceItem", error.Path);
    }

    [Fact]
    public void Read_HeaderLevelInvoice_IsRefusedAsUnsupportedNotAsAMissingElement()
    {
        // Valid by the DTD ((InvoiceDetailOrder+ | InvoiceDetailHeaderOrder+)), but the header-level form is not modelled.
        var text = Corpus.Text(File);
        var from = text.IndexOf("<InvoiceDetailOrder>", StringComparison.Ordinal);
        var to = text.IndexOf("</InvoiceDetailOrder>", StringComparison.Ordinal) + "</InvoiceDetailOrder>".Length;
        var headerOrder = """
            <InvoiceDetailHeaderOrder><InvoiceDetailOrderInfo><OrderIDInfo orderID="PO-77" /></InvoiceDetailOrderInfo><InvoiceDetailOrderSummary invoiceLineNumber="1"><SubtotalAmount><Money currency="USD">365</Money></SubtotalAmount></InvoiceDetailOrderSummary></InvoiceDetailHeaderOrder>
            """;
        var bytes = Encoding.UTF8.GetBytes(text.Remove(from, to - from).Insert(from, headerOrder).Replace("<InvoiceDetailHeaderIndicator />", "<InvoiceDetailHeaderIndicator isHeaderInvoice=\"yes\" />", StringComparison.Ordinal));
        DtdAssert.Valid(bytes, CxmlDtd.InvoiceDetailDtdName);

        var error = ReadError(bytes);

        Assert.Equal(CxmlReadErrorKind.Unsupported, error.Kind);
        Assert.Contains("Header-level invoices (InvoiceDetailHeaderOrder) are not supported", error.Message, StringComparison.Ordinal);
        Assert.Equal("/cXML/Request/InvoiceDetailRequest/InvoiceDetailHeaderOrder", error.Path);
    }

    [Fact]
    public void Read_OrderInfoNamingNoOrder_IsMissingRequiredAtTheOrderInfo()
    {
        var error = ReadError(Variant(OrderReferenceXml, string.Empty));

        Assert.Equal(CxmlReadErrorKind.MissingRequired, error.Kind);
        Assert.Contains("names no order", error.Message, StringComparison.Ordinal);
        Assert.Equal("/cXML/Request/InvoiceDetailRequest/InvoiceDetailOrder/InvoiceDetailOrderInfo", error.Path);
    }

    [Fact]
    public void Write_OrderReferenceWithOrderIdInfo_IsRefusedAsTheDtdAllowsOnlyOne()
    {
        var document = Corpus.Read(File);
        var invoice = Corpus.Payload<InvoiceDetailRequest>(document);
        var order = invoice.Orders[0];
        var both = invoice with { Orders = [order with { OrderInfo = order.OrderInfo with { OrderIdInfo = new OrderIdInfo("PO-77") } }] };

        var error = Assert.Throws<InvalidOperationException>(() => CxmlWriter.ToBytes(document with { Body = new CxmlRequest(both) }));
        Assert.Contains("OrderIDInfo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NetAmountNotStated_WritesAnEmptyMoneyRatherThanANumber()
    {
        var written = XDocument.Load(new MemoryStream(CxmlWriter.ToBytes(Corpus.Read(File))));

        var money = written.Descendants("NetAmount").Single().Element("Money")!;
        Assert.Equal("USD", money.Attribute("currency")!.Value);
        Assert.True(money.IsEmpty);
    }

    [Fact]
    public void Read_SummaryWithoutNetAmount_IsMissingRequiredAtTheSummary()
    {
        var error = Corpus.ReadErrorWithout(File, """
            <NetAmount>
                      <Money currency="USD" />
                    </NetAmount>
            """);

        Assert.Equal(CxmlReadErrorKind.MissingRequired, error.Kind);
        Assert.Contains("NetAmount", error.Message, StringComparison.Ordinal);
        Assert.Equal("/cXML/Request/InvoiceDetailRequest/InvoiceDetailSummary", error.Path);
        Assert.Equal(62, error.Line);
    }

    private const string OrderReferenceXml = """
        <OrderReference>
                    <DocumentReference payloadID="123" />
                  </OrderReference>
        """;

    private const string ServiceItemXml = """<InvoiceDetailServiceItem invoiceLineNumber="2" quantity="3" referenceDate="2009-04-30T17:00:00-07:00"><InvoiceDetailServiceItemReference lineNumber="2"><Classification domain="UNSPSC">81111500</Classification><Description xml:lang="en">Console installation</Description></InvoiceDetailServiceItemReference><SubtotalAmount><Money currency="USD">300</Money></SubtotalAmount><Period startDate="2009-04-28T09:00:00-07:00" endDate="2009-04-30T17:00:00-07:00" /><UnitOfMeasure>HUR</UnitOfMeasure><UnitPrice><Money currency="USD">100</Money></UnitPrice><Extrinsic name="Technician">T-12</Extrinsic></InvoiceDetailServiceItem>""";

    // The corpus invoice with the first occurrence of find replaced.
    private static byte[] Variant(string find, string replace)
    {
        var text = Corpus.Text(File);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{File} has no {find}");
        return Encoding.UTF8.GetBytes(text.Remove(at, find.Length).Insert(at, replace));
    }

    private static CxmlReadError ReadError(byte[] bytes)
    {
        var result = CxmlReader.Read(bytes);
        Assert.Null(result.Document);
        return result.Error!;
    }
}
