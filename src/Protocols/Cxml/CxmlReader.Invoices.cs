using Punchout.Protocols.Cxml.Fulfill;
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
            Orders = MapInvoiceDetailOrders(e),
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

    // The DTD's (InvoiceDetailOrder+ | InvoiceDetailHeaderOrder+): only the first form is modelled, and a header-level
    // invoice is refused as such rather than as a missing InvoiceDetailOrder.
    private static List<InvoiceDetailOrder> MapInvoiceDetailOrders(CxmlNode e)
    {
        var orders = e.ElementList("InvoiceDetailOrder");
        if (orders.Count == 0 && e.Element("InvoiceDetailHeaderOrder") is { } headerOrder)
        {
            throw Failure(CxmlReadErrorKind.Unsupported, "Header-level invoices (InvoiceDetailHeaderOrder) are not supported; only invoices with InvoiceDetailOrder lines are read.", headerOrder);
        }

        return RequireOne(orders.ConvertAll(MapInvoiceDetailOrder), e, "InvoiceDetailOrder");
    }

    private static InvoiceDetailOrder MapInvoiceDetailOrder(CxmlNode e) => new()
    {
        OrderInfo = MapInvoiceDetailOrderInfo(RequiredChild(e, "InvoiceDetailOrderInfo")),
        Lines = RequireOne(MapInvoiceDetailLines(e), e, "InvoiceDetailItem or InvoiceDetailServiceItem"),
    };

    // The DTD's (InvoiceDetailItem | InvoiceDetailServiceItem)+, in document order.
    private static List<InvoiceDetailLine> MapInvoiceDetailLines(CxmlNode order)
    {
        var lines = new List<InvoiceDetailLine>();
        foreach (var child in order.Children)
        {
            if (child.Name == "InvoiceDetailItem")
            {
                lines.Add(MapInvoiceDetailItem(child));
            }
            else if (child.Name == "InvoiceDetailServiceItem")
            {
                lines.Add(MapInvoiceDetailServiceItem(child));
            }
        }

        return lines;
    }

    private static InvoiceDetailOrderInfo MapInvoiceDetailOrderInfo(CxmlNode e)
    {
        var info = new InvoiceDetailOrderInfo
        {
            OrderReference = e.Element("OrderReference") is { } reference ? MapOrderReference(reference) : null,
            MasterAgreement = MapMasterAgreement(e),
            OrderIdInfo = e.Element("OrderIDInfo") is { } orderId ? new OrderIdInfo(RequiredAttribute(orderId, "orderID"), OptionalTimestamp(orderId, "orderDate")) : null,
            SupplierOrderInfo = e.Element("SupplierOrderInfo") is { } supplier ? MapSupplierOrderInfo(supplier) : null,
        };
        return info is { OrderReference: null, MasterAgreement: null, OrderIdInfo: null, SupplierOrderInfo: null }
            ? throw Failure(CxmlReadErrorKind.MissingRequired, "InvoiceDetailOrderInfo names no order: it needs OrderReference, MasterAgreementReference, MasterAgreementIDInfo, OrderIDInfo or SupplierOrderInfo.", e)
            : info;
    }

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

    private static InvoiceDetailServiceItem MapInvoiceDetailServiceItem(CxmlNode e)
    {
        var reference = RequiredChild(e, "InvoiceDetailServiceItemReference");
        return new InvoiceDetailServiceItem
        {
            InvoiceLineNumber = Integer(e, RequiredAttribute(e, "invoiceLineNumber")),
            Quantity = e.Attribute("quantity") is { } quantity ? Number(e, quantity) : null,
            ReferenceDate = OptionalTimestamp(e, "referenceDate"),
            Reference = new InvoiceDetailServiceItemReference
            {
                LineNumber = OptionalInteger(reference, "lineNumber"),
                Classifications = MapClassifications(reference),
                ItemId = reference.Element("ItemID") is { } itemId ? MapItemId(itemId) : null,
                Description = reference.Element("Description") is { } description ? MapDescription(description) : null,
            },
            SubtotalAmount = MapMoneyIn(RequiredChild(e, "SubtotalAmount")),
            Period = e.Element("Period") is { } period ? new InvoicePeriod(RequiredTimestampAttribute(period, "startDate"), RequiredTimestampAttribute(period, "endDate")) : null,
            UnitOfMeasure = e.Element("UnitOfMeasure") is { } unit ? RequiredText(unit) : null,
            UnitPrice = e.Element("UnitPrice") is { } price ? MapMoneyIn(price) : null,
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
