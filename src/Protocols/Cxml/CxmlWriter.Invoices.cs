using System.Xml;
using Punchout.Protocols.Cxml.Invoices;
using Punchout.Protocols.Cxml.Orders;

namespace Punchout.Protocols.Cxml;

// InvoiceDetailRequest (InvoiceDetail.dtd).
public static partial class CxmlWriter
{
    private static void WriteInvoiceDetailRequest(XmlWriter w, InvoiceDetailRequest invoice)
    {
        w.WriteStartElement("InvoiceDetailRequest");
        WriteInvoiceDetailRequestHeader(w, invoice.Header);
        foreach (var order in RequireAny(invoice.Orders, "InvoiceDetailRequest/InvoiceDetailOrder"))
        {
            w.WriteStartElement("InvoiceDetailOrder");
            WriteInvoiceDetailOrderInfo(w, order.OrderInfo);
            foreach (var line in RequireAny(order.Lines, "InvoiceDetailOrder/InvoiceDetailItem or InvoiceDetailServiceItem"))
            {
                switch (line)
                {
                    case InvoiceDetailItem item:
                        WriteInvoiceDetailItem(w, item);
                        break;
                    case InvoiceDetailServiceItem service:
                        WriteInvoiceDetailServiceItem(w, service);
                        break;
                    default:
                        throw new InvalidOperationException($"{line.GetType().Name} is not an invoice line the writer knows.");
                }
            }

            w.WriteEndElement();
        }

        WriteInvoiceDetailSummary(w, invoice.Summary);
        w.WriteEndElement();
    }

    private static void WriteInvoiceDetailRequestHeader(XmlWriter w, InvoiceDetailRequestHeader header)
    {
        w.WriteStartElement("InvoiceDetailRequestHeader");
        w.WriteAttributeString("invoiceID", header.InvoiceId);
        w.WriteAttributeString("purpose", Lower(header.Purpose));
        w.WriteAttributeString("operation", Lower(header.Operation));
        w.WriteAttributeString("invoiceDate", CxmlTimestamp.Format(header.InvoiceDate));
        w.WriteStartElement("InvoiceDetailHeaderIndicator");
        WriteYes(w, "isHeaderInvoice", header.HeaderIndicator.IsHeaderInvoice);
        WriteYes(w, "isVatRecoverable", header.HeaderIndicator.IsVatRecoverable);
        WriteYes(w, "isPriceBasedLineLevelCreditMemo", header.HeaderIndicator.IsPriceBasedLineLevelCreditMemo);
        w.WriteEndElement();
        var lines = header.LineIndicator;
        w.WriteStartElement("InvoiceDetailLineIndicator");
        WriteYes(w, "isTaxInLine", lines.IsTaxInLine);
        WriteYes(w, "isSpecialHandlingInLine", lines.IsSpecialHandlingInLine);
        WriteYes(w, "isShippingInLine", lines.IsShippingInLine);
        WriteYes(w, "isDiscountInLine", lines.IsDiscountInLine);
        WriteYes(w, "isAccountingInLine", lines.IsAccountingInLine);
        WriteYes(w, "isPriceAdjustmentInLine", lines.IsPriceAdjustmentInLine);
        w.WriteEndElement();
        WriteIfPresent(w, header.DocumentReference, WriteDocumentReference);
        foreach (var term in header.PaymentTerms)
        {
            w.WriteStartElement("PaymentTerm");
            w.WriteAttributeString("payInNumberOfDays", Number(term.PayInNumberOfDays));
            if (term.DiscountPercent is { } percent)
            {
                w.WriteStartElement("Discount");
                w.WriteStartElement("DiscountPercent");
                w.WriteAttributeString("percent", Number(percent));
                w.WriteEndElement();
                w.WriteEndElement();
            }
            else if (term.DiscountAmount is { } amount)
            {
                w.WriteStartElement("Discount");
                WriteMoneyElement(w, "DiscountAmount", amount);
                w.WriteEndElement();
            }

            WriteExtrinsics(w, term.Extrinsics);
            w.WriteEndElement();
        }

        WriteExtrinsics(w, header.Extrinsics);
        w.WriteEndElement();
    }

    // In the order every form of the DTD's choice keeps: OrderReference, master agreement, OrderIDInfo, SupplierOrderInfo.
    private static void WriteInvoiceDetailOrderInfo(XmlWriter w, InvoiceDetailOrderInfo info)
    {
        if (info is { OrderReference: null, MasterAgreement: null, OrderIdInfo: null, SupplierOrderInfo: null })
        {
            throw new InvalidOperationException("The DTD requires InvoiceDetailOrderInfo to name an order: OrderReference, a master agreement, OrderIDInfo or SupplierOrderInfo.");
        }

        if (info is { OrderReference: not null, OrderIdInfo: not null })
        {
            throw new InvalidOperationException("The DTD does not allow InvoiceDetailOrderInfo to carry both OrderReference and OrderIDInfo.");
        }

        w.WriteStartElement("InvoiceDetailOrderInfo");
        WriteIfPresent(w, info.OrderReference, WriteOrderReference);
        WriteIfPresent(w, info.MasterAgreement, WriteMasterAgreement);
        if (info.OrderIdInfo is { } orderId)
        {
            w.WriteStartElement("OrderIDInfo");
            w.WriteAttributeString("orderID", orderId.OrderId);
            WriteOptionalTimestamp(w, "orderDate", orderId.OrderDate);
            w.WriteEndElement();
        }

        WriteIfPresent(w, info.SupplierOrderInfo, WriteSupplierOrderInfo);
        w.WriteEndElement();
    }

    private static void WriteInvoiceDetailServiceItem(XmlWriter w, InvoiceDetailServiceItem item)
    {
        if ((item.UnitOfMeasure is null) != (item.UnitPrice is null))
        {
            throw new InvalidOperationException("The DTD requires UnitOfMeasure and UnitPrice together on an InvoiceDetailServiceItem.");
        }

        w.WriteStartElement("InvoiceDetailServiceItem");
        w.WriteAttributeString("invoiceLineNumber", Number(item.InvoiceLineNumber));
        if (item.Quantity is { } quantity)
        {
            w.WriteAttributeString("quantity", Number(quantity));
        }

        WriteOptionalTimestamp(w, "referenceDate", item.ReferenceDate);
        var reference = item.Reference;
        w.WriteStartElement("InvoiceDetailServiceItemReference");
        if (reference.LineNumber is { } lineNumber)
        {
            w.WriteAttributeString("lineNumber", Number(lineNumber));
        }

        WriteClassifications(w, reference.Classifications);
        WriteIfPresent(w, reference.ItemId, WriteItemId);
        if (reference.Description is { } description)
        {
            WriteDescription(w, "Description", description);
        }

        w.WriteEndElement();
        WriteMoneyElement(w, "SubtotalAmount", item.SubtotalAmount);
        if (item.Period is { } period)
        {
            w.WriteStartElement("Period");
            w.WriteAttributeString("startDate", CxmlTimestamp.Format(period.StartDate));
            w.WriteAttributeString("endDate", CxmlTimestamp.Format(period.EndDate));
            w.WriteEndElement();
        }

        if (item is { UnitOfMeasure: { } unit, UnitPrice: { } price })
        {
            w.WriteElementString("UnitOfMeasure", unit);
            WriteMoneyElement(w, "UnitPrice", price);
        }

        WriteIfPresent(w, item.Tax, WriteTax);
        WriteExtrinsics(w, item.Extrinsics);
        w.WriteEndElement();
    }

    private static void WriteInvoiceDetailItem(XmlWriter w, InvoiceDetailItem item)
    {
        w.WriteStartElement("InvoiceDetailItem");
        w.WriteAttributeString("invoiceLineNumber", Number(item.InvoiceLineNumber));
        w.WriteAttributeString("quantity", Number(item.Quantity));
        w.WriteElementString("UnitOfMeasure", item.UnitOfMeasure);
        WriteMoneyElement(w, "UnitPrice", item.UnitPrice);
        w.WriteStartElement("InvoiceDetailItemReference");
        w.WriteAttributeString("lineNumber", Number(item.Reference.LineNumber));
        WriteIfPresent(w, item.Reference.ItemId, WriteItemId);

        if (item.Reference.Description is { } description)
        {
            WriteDescription(w, "Description", description);
        }

        w.WriteEndElement();
        WriteOptionalMoneyElement(w, "SubtotalAmount", item.SubtotalAmount);
        WriteIfPresent(w, item.Tax, WriteTax);
        WriteExtrinsics(w, item.Extrinsics);
        w.WriteEndElement();
    }

    private static void WriteInvoiceDetailSummary(XmlWriter w, InvoiceDetailSummary summary)
    {
        w.WriteStartElement("InvoiceDetailSummary");
        WriteMoneyElement(w, "SubtotalAmount", summary.SubtotalAmount);
        WriteTax(w, summary.Tax);
        WriteOptionalMoneyElement(w, "SpecialHandlingAmount", summary.SpecialHandlingAmount);
        WriteOptionalMoneyElement(w, "ShippingAmount", summary.ShippingAmount);
        WriteSummaryAmount(w, "GrossAmount", summary.GrossAmount);
        WriteSummaryAmount(w, "NetAmount", summary.NetAmount);
        WriteSummaryAmount(w, "DueAmount", summary.DueAmount);
        w.WriteEndElement();
    }

    // An amount not stated is written as an empty Money (valid: Money is #PCDATA), never as an invented number.
    private static void WriteSummaryAmount(XmlWriter w, string element, SummaryAmount? amount)
    {
        if (amount is null)
        {
            return;
        }

        w.WriteStartElement(element);
        w.WriteStartElement("Money");
        w.WriteAttributeString("currency", amount.Currency);
        if (amount.Amount is { } value)
        {
            w.WriteString(Number(value));
        }

        w.WriteEndElement();
        w.WriteEndElement();
    }
}
