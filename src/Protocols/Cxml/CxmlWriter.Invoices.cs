using System.Xml;
using Punchout.Protocols.Cxml.Invoices;

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
            w.WriteStartElement("InvoiceDetailOrderInfo");
            WriteOrderReference(w, order.OrderReference);
            w.WriteEndElement();
            foreach (var item in RequireAny(order.Items, "InvoiceDetailOrder/InvoiceDetailItem"))
            {
                WriteInvoiceDetailItem(w, item);
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
