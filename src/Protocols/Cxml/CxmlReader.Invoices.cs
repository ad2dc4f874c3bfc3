using Punchout.Protocols.Cxml.Invoices;
using Punchout.Protocols.Cxml.Reading;

namespace Punchout.Protocols.Cxml;

// InvoiceDetailRequest (InvoiceDetail.dtd).
public static partial class CxmlReader
{
    private static InvoiceDetailRequest MapInvoiceDetailRequest(CxmlNode e)
    {
        var header = RequiredChild(e, "InvoiceDetailRequestHeader");
        var headerIndicator = RequiredChild(header, "InvoiceDetailHeaderIndicator");
        var lineIndicator = RequiredChild(header, "InvoiceDetailLineIndicator");
        return new InvoiceDetailRequest
        {
            Header = new InvoiceDetailRequestHeader
            {
                InvoiceId = RequiredAttribute(header, "invoiceID"),
                Purpose = OptionalEnumeration<InvoicePurpose>(header, "purpose") ?? InvoicePurpose.Standard,
                Operation = OptionalEnumeration<InvoiceOperation>(header, "operation") ?? InvoiceOperation.New,
                InvoiceDate = RequiredTimestampAttribute(header, "invoiceDate"),
                HeaderIndicator = new InvoiceDetailHeaderIndicator
                {
                    IsHeaderInvoice = Yes(headerIndicator, "isHeaderInvoice"),
                    IsVatRecoverable = Yes(headerIndicator, "isVatRecoverable"),
                    IsPriceBasedLineLevelCreditMemo = Yes(headerIndicator, "isPriceBasedLineLevelCreditMemo"),
                },
                LineIndicator = new InvoiceDetailLineIndicator
                {
                    IsTaxInLine = Yes(lineIndicator, "isTaxInLine"),
                    IsSpecialHandlingInLine = Yes(lineIndicator, "isSpecialHandlingInLine"),
                    IsShippingInLine = Yes(lineIndicator, "isShippingInLine"),
                    IsDiscountInLine = Yes(lineIndicator, "isDiscountInLine"),
                    IsAccountingInLine = Yes(lineIndicator, "isAccountingInLine"),
                    IsPriceAdjustmentInLine = Yes(lineIndicator, "isPriceAdjustmentInLine"),
                },
                DocumentReference = header.Element("DocumentReference") is { } reference ? MapDocumentReference(reference) : null,
                PaymentTerms = header.ElementList("PaymentTerm").ConvertAll(MapPaymentTerm),
                Extrinsics = MapExtrinsics(header),
            },
            Orders = RequireOne(e.ElementList("InvoiceDetailOrder").ConvertAll(MapInvoiceDetailOrder), e, "InvoiceDetailOrder"),
            Summary = MapInvoiceDetailSummary(RequiredChild(e, "InvoiceDetailSummary")),
        };
    }

    private static PaymentTerm MapPaymentTerm(CxmlNode e)
    {
        var discount = e.Element("Discount");
        return new PaymentTerm(Integer(e, RequiredAttribute(e, "payInNumberOfDays")))
        {
            DiscountPercent = discount?.Element("DiscountPercent") is { } percent ? Number(percent, RequiredAttribute(percent, "percent")) : null,
            DiscountAmount = discount?.Element("DiscountAmount") is { } amount ? MapMoneyIn(amount) : null,
            Extrinsics = MapExtrinsics(e),
        };
    }

    private static InvoiceDetailOrder MapInvoiceDetailOrder(CxmlNode e) => new()
    {
        OrderReference = MapOrderReference(RequiredChild(RequiredChild(e, "InvoiceDetailOrderInfo"), "OrderReference")),
        Items = RequireOne(e.ElementList("InvoiceDetailItem").ConvertAll(MapInvoiceDetailItem), e, "InvoiceDetailItem"),
    };

    private static InvoiceDetailItem MapInvoiceDetailItem(CxmlNode e)
    {
        var reference = RequiredChild(e, "InvoiceDetailItemReference");
        return new InvoiceDetailItem
        {
            InvoiceLineNumber = Integer(e, RequiredAttribute(e, "invoiceLineNumber")),
            Quantity = Number(e, RequiredAttribute(e, "quantity")),
            UnitOfMeasure = RequiredText(RequiredChild(e, "UnitOfMeasure")),
            UnitPrice = MapMoneyIn(RequiredChild(e, "UnitPrice")),
            Reference = new InvoiceDetailItemReference(Integer(reference, RequiredAttribute(reference, "lineNumber")))
            {
                ItemId = reference.Element("ItemID") is { } itemId ? MapItemId(itemId) : null,
                Description = reference.Element("Description") is { } description ? MapDescription(description) : null,
            },
            SubtotalAmount = e.Element("SubtotalAmount") is { } subtotal ? MapMoneyIn(subtotal) : null,
            Tax = e.Element("Tax") is { } tax ? MapTax(tax) : null,
            Extrinsics = MapExtrinsics(e),
        };
    }

    private static InvoiceDetailSummary MapInvoiceDetailSummary(CxmlNode e) => new()
    {
        SubtotalAmount = MapMoneyIn(RequiredChild(e, "SubtotalAmount")),
        Tax = MapTax(RequiredChild(e, "Tax")),
        SpecialHandlingAmount = e.Element("SpecialHandlingAmount") is { } handling ? MapMoneyIn(handling) : null,
        ShippingAmount = e.Element("ShippingAmount") is { } shipping ? MapMoneyIn(shipping) : null,
        GrossAmount = e.Element("GrossAmount") is { } gross ? MapSummaryAmount(gross) : null,
        NetAmount = MapSummaryAmount(RequiredChild(e, "NetAmount")),
        DueAmount = e.Element("DueAmount") is { } due ? MapSummaryAmount(due) : null,
    };

    // An empty Money in a summary total is an amount not stated (see SummaryAmount), not an error.
    private static SummaryAmount MapSummaryAmount(CxmlNode amount)
    {
        var money = RequiredChild(amount, "Money");
        return new SummaryAmount(Text(money) is { } text ? Number(money, text) : null, RequiredAttribute(money, "currency"));
    }
}
