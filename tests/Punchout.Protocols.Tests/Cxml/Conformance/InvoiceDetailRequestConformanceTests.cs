using System.Xml.Linq;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Invoices;

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
        Assert.Equal("123", order.OrderReference.DocumentReference.PayloadId);
        Assert.Null(order.OrderReference.OrderId);
        var item = Assert.Single(order.Items);
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
        var item = invoice.Orders[0].Items[0];
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
                OrderReference = invoice.Orders[0].OrderReference with { OrderId = "PO-77", OrderDate = new DateTimeOffset(2009, 4, 20, 9, 0, 0, Pdt) },
                Items = [item with { Reference = item.Reference with { ItemId = new ItemId("WII-FIT", "aux-1") }, Extrinsics = [new Extrinsic("Account", "6400")] }],
            }],
            Summary = invoice.Summary with { GrossAmount = new SummaryAmount(408m, "USD"), NetAmount = new SummaryAmount(408m, "USD"), DueAmount = new SummaryAmount(400m, "USD") },
        };

        Corpus.AssertRoundTrips(document with { Body = new CxmlRequest(memo) }, CxmlDtd.InvoiceDetailDtdName);
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
}
