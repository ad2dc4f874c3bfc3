using Punchout.Protocols.Cxml.Fulfill;
using Punchout.Protocols.Cxml.Orders;

namespace Punchout.Protocols.Cxml.Invoices;

/// <summary>What kind of invoice it is (<c>InvoiceDetailRequestHeader@purpose</c>).</summary>
public enum InvoicePurpose
{
    /// <summary>An ordinary invoice.</summary>
    Standard,

    /// <summary>A credit for the whole invoice.</summary>
    CreditMemo,

    /// <summary>A debit for the whole invoice.</summary>
    DebitMemo,

    /// <summary>A credit per line.</summary>
    LineLevelCreditMemo,

    /// <summary>A debit per line.</summary>
    LineLevelDebitMemo,
}

/// <summary>Whether an invoice is new or withdraws an earlier one.</summary>
public enum InvoiceOperation
{
    /// <summary>A new invoice.</summary>
    New,

    /// <summary>Withdraws the invoice with the same invoiceID.</summary>
    Delete,
}

/// <summary>An <c>InvoiceDetailRequest</c> (InvoiceDetail.dtd): the supplier's invoice against one or more orders.</summary>
/// <remarks>Only the per-order form (<c>InvoiceDetailOrder+</c>) is modelled: a header-level invoice
/// (<c>InvoiceDetailHeaderOrder+</c>) is refused by the reader as <see cref="CxmlReadErrorKind.Unsupported"/>.</remarks>
public sealed record InvoiceDetailRequest : CxmlRequestPayload, ICxmlElement
{
    /// <inheritdoc />
    public static string ElementName => "InvoiceDetailRequest";

    /// <inheritdoc />
    public override string RequestName => ElementName;

    /// <inheritdoc />
    public override string DtdName => CxmlDtd.InvoiceDetailDtdName;

    /// <summary>The <c>InvoiceDetailRequestHeader</c>.</summary>
    public required InvoiceDetailRequestHeader Header { get; init; }

    /// <summary>The invoiced orders with their lines; at least one.</summary>
    public required IReadOnlyList<InvoiceDetailOrder> Orders { get; init; }

    /// <summary>The totals; line amounts sum to them.</summary>
    public required InvoiceDetailSummary Summary { get; init; }
}

/// <summary>The <c>InvoiceDetailRequestHeader</c>.</summary>
public sealed record InvoiceDetailRequestHeader
{
    /// <summary>The supplier's invoice number.</summary>
    public required string InvoiceId { get; init; }

    /// <summary>standard, creditMemo, ...</summary>
    public InvoicePurpose Purpose { get; init; } = InvoicePurpose.Standard;

    /// <summary>new or delete.</summary>
    public InvoiceOperation Operation { get; init; } = InvoiceOperation.New;

    /// <summary>The invoice's date.</summary>
    public required DateTimeOffset InvoiceDate { get; init; }

    /// <summary>The <c>InvoiceDetailHeaderIndicator</c>.</summary>
    public InvoiceDetailHeaderIndicator HeaderIndicator { get; init; } = new();

    /// <summary>The <c>InvoiceDetailLineIndicator</c>: which amounts the lines carry.</summary>
    public InvoiceDetailLineIndicator LineIndicator { get; init; } = new();

    /// <summary>On a delete, the invoice withdrawn.</summary>
    public DocumentReference? DocumentReference { get; init; }

    /// <summary>Payment terms, e.g. net 30 with a discount for early payment.</summary>
    public IReadOnlyList<PaymentTerm> PaymentTerms { get; init; } = [];

    /// <summary>Extensions.</summary>
    public IReadOnlyList<Extrinsic> Extrinsics { get; init; } = [];
}

/// <summary>The <c>InvoiceDetailHeaderIndicator</c>: each flag is an attribute written <c>yes</c> when true and left out otherwise.</summary>
public sealed record InvoiceDetailHeaderIndicator
{
    /// <summary>The invoice is at header level (<c>isHeaderInvoice</c>).</summary>
    public bool IsHeaderInvoice { get; init; }

    /// <summary>The VAT is recoverable (<c>isVatRecoverable</c>).</summary>
    public bool IsVatRecoverable { get; init; }

    /// <summary>A line-level credit memo based on price (<c>isPriceBasedLineLevelCreditMemo</c>).</summary>
    public bool IsPriceBasedLineLevelCreditMemo { get; init; }
}

/// <summary>The <c>InvoiceDetailLineIndicator</c>: which amounts the lines carry rather than the summary alone.</summary>
public sealed record InvoiceDetailLineIndicator
{
    /// <summary><c>isTaxInLine</c>.</summary>
    public bool IsTaxInLine { get; init; }

    /// <summary><c>isSpecialHandlingInLine</c>.</summary>
    public bool IsSpecialHandlingInLine { get; init; }

    /// <summary><c>isShippingInLine</c>.</summary>
    public bool IsShippingInLine { get; init; }

    /// <summary><c>isDiscountInLine</c>.</summary>
    public bool IsDiscountInLine { get; init; }

    /// <summary><c>isAccountingInLine</c>.</summary>
    public bool IsAccountingInLine { get; init; }

    /// <summary><c>isPriceAdjustmentInLine</c>.</summary>
    public bool IsPriceAdjustmentInLine { get; init; }
}

/// <summary>A <c>PaymentTerm</c>: pay within so many days, for the given discount (or penalty when negative).</summary>
/// <param name="PayInNumberOfDays">Days from the invoice date.</param>
public sealed record PaymentTerm(int PayInNumberOfDays)
{
    /// <summary>The discount in percent (<c>Discount/DiscountPercent@percent</c>).</summary>
    public decimal? DiscountPercent { get; init; }

    /// <summary>The discount as an amount (<c>Discount/DiscountAmount</c>); not written when a percent is given.</summary>
    public Money? DiscountAmount { get; init; }

    /// <summary>Extensions.</summary>
    public IReadOnlyList<Extrinsic> Extrinsics { get; init; } = [];
}

/// <summary>An <c>InvoiceDetailOrder</c>: the invoiced lines of one order or agreement.</summary>
public sealed record InvoiceDetailOrder
{
    /// <summary>What is invoiced (<c>InvoiceDetailOrderInfo</c>).</summary>
    public required InvoiceDetailOrderInfo OrderInfo { get; init; }

    /// <summary>The invoiced lines, goods (<see cref="InvoiceDetailItem"/>) and services
    /// (<see cref="InvoiceDetailServiceItem"/>) in document order; at least one.</summary>
    public required IReadOnlyList<InvoiceDetailLine> Lines { get; init; }
}

/// <summary>An <c>InvoiceDetailOrderInfo</c>: the order or agreement invoiced, in one of the DTD's forms.</summary>
/// <remarks>The DTD allows <c>OrderReference</c> with an optional master agreement; a master agreement with an
/// optional <c>OrderIDInfo</c>; <c>OrderIDInfo</c> alone; each optionally followed by <c>SupplierOrderInfo</c>; or
/// <c>SupplierOrderInfo</c> alone. The writer refuses other combinations (none at all, or <c>OrderReference</c> with
/// <c>OrderIDInfo</c>). IdReference children of OrderIDInfo and MasterAgreementIDInfo are read past.</remarks>
public sealed record InvoiceDetailOrderInfo
{
    /// <summary>The order by the payloadID of its OrderRequest.</summary>
    public OrderReference? OrderReference { get; init; }

    /// <summary>The master agreement (<c>MasterAgreementReference</c> or <c>MasterAgreementIDInfo</c>).</summary>
    public MasterAgreement? MasterAgreement { get; init; }

    /// <summary>The order by the buyer's order number, when the OrderRequest is not at hand (<c>OrderIDInfo</c>).</summary>
    public OrderIdInfo? OrderIdInfo { get; init; }

    /// <summary>The supplier's order number.</summary>
    public SupplierOrderInfo? SupplierOrderInfo { get; init; }
}

/// <summary>An <c>OrderIDInfo</c>: an order by the buyer's order number (the PO number) rather than by document.</summary>
/// <param name="OrderId">The buyer's order number (<c>orderID</c>).</param>
/// <param name="OrderDate">When the order was created (<c>orderDate</c>).</param>
public sealed record OrderIdInfo(string OrderId, DateTimeOffset? OrderDate = null);

/// <summary>One invoiced line of an <see cref="InvoiceDetailOrder"/>: an <see cref="InvoiceDetailItem"/> or an
/// <see cref="InvoiceDetailServiceItem"/>.</summary>
public abstract record InvoiceDetailLine
{
    /// <summary>The line's number within the invoice.</summary>
    public required int InvoiceLineNumber { get; init; }

    /// <summary>The line's tax.</summary>
    public Tax? Tax { get; init; }

    /// <summary>Extensions.</summary>
    public IReadOnlyList<Extrinsic> Extrinsics { get; init; } = [];
}

/// <summary>An <c>InvoiceDetailItem</c>: one invoiced line of goods.</summary>
public sealed record InvoiceDetailItem : InvoiceDetailLine
{
    /// <summary>How many units are invoiced.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>The unit of <see cref="Quantity"/>.</summary>
    public required string UnitOfMeasure { get; init; }

    /// <summary>The price per unit.</summary>
    public required Money UnitPrice { get; init; }

    /// <summary>The order line invoiced.</summary>
    public required InvoiceDetailItemReference Reference { get; init; }

    /// <summary>Quantity times unit price.</summary>
    public Money? SubtotalAmount { get; init; }
}

/// <summary>An <c>InvoiceDetailServiceItem</c>: one invoiced line of services.</summary>
/// <remarks>Of the DTD's <c>(UnitRate | (UnitOfMeasure, UnitPrice, PriceBasisQuantity?))?</c> only the
/// UnitOfMeasure and UnitPrice form is modelled; the writer writes it when both are given.</remarks>
public sealed record InvoiceDetailServiceItem : InvoiceDetailLine
{
    /// <summary>The units of service rendered (e.g. hours), when stated.</summary>
    public decimal? Quantity { get; init; }

    /// <summary>The date the service line is invoiced for (<c>referenceDate</c>).</summary>
    public DateTimeOffset? ReferenceDate { get; init; }

    /// <summary>The service invoiced (<c>InvoiceDetailServiceItemReference</c>).</summary>
    public required InvoiceDetailServiceItemReference Reference { get; init; }

    /// <summary>The line's amount; required for service lines.</summary>
    public required Money SubtotalAmount { get; init; }

    /// <summary>When the service was rendered.</summary>
    public InvoicePeriod? Period { get; init; }

    /// <summary>The unit of <see cref="Quantity"/>, with <see cref="UnitPrice"/>.</summary>
    public string? UnitOfMeasure { get; init; }

    /// <summary>The price per unit, with <see cref="UnitOfMeasure"/>.</summary>
    public Money? UnitPrice { get; init; }
}

/// <summary>An <c>InvoiceDetailServiceItemReference</c>: the service invoiced, and its line on the agreement if any.</summary>
public sealed record InvoiceDetailServiceItemReference
{
    /// <summary>The line on the master agreement or order (<c>lineNumber</c>); optional for services.</summary>
    public int? LineNumber { get; init; }

    /// <summary>Classifications, e.g. UNSPSC.</summary>
    public IReadOnlyList<Classification> Classifications { get; init; } = [];

    /// <summary>What was ordered.</summary>
    public ItemId? ItemId { get; init; }

    /// <summary>The service's description.</summary>
    public Description? Description { get; init; }
}

/// <summary>A <c>Period</c>: from <paramref name="StartDate"/> to <paramref name="EndDate"/>.</summary>
/// <param name="StartDate">The start (<c>startDate</c>).</param>
/// <param name="EndDate">The end (<c>endDate</c>).</param>
public sealed record InvoicePeriod(DateTimeOffset StartDate, DateTimeOffset EndDate);

/// <summary>An <c>InvoiceDetailItemReference</c>: the order line an invoice line is for.</summary>
/// <param name="LineNumber">The ItemOut's line number.</param>
public sealed record InvoiceDetailItemReference(int LineNumber)
{
    /// <summary>What was ordered.</summary>
    public ItemId? ItemId { get; init; }

    /// <summary>The item's description.</summary>
    public Description? Description { get; init; }
}

/// <summary>The <c>InvoiceDetailSummary</c>: the invoice's totals.</summary>
public sealed record InvoiceDetailSummary
{
    /// <summary>The sum of the line subtotals.</summary>
    public required Money SubtotalAmount { get; init; }

    /// <summary>The total tax.</summary>
    public required Tax Tax { get; init; }

    /// <summary>Special handling charges.</summary>
    public Money? SpecialHandlingAmount { get; init; }

    /// <summary>Shipping charges.</summary>
    public Money? ShippingAmount { get; init; }

    /// <summary>Subtotal plus tax and charges.</summary>
    public SummaryAmount? GrossAmount { get; init; }

    /// <summary>Gross less discounts: what is owed.</summary>
    public required SummaryAmount NetAmount { get; init; }

    /// <summary>Net less deposits: what is still to pay.</summary>
    public SummaryAmount? DueAmount { get; init; }
}

/// <summary>The <c>Money</c> of a summary total, whose number may be absent.</summary>
/// <remarks>
/// Coupa sends <c>&lt;NetAmount&gt;&lt;Money currency="USD" /&gt;&lt;/NetAmount&gt;</c>. The DTD declares Money as
/// <c>#PCDATA</c>, so an empty one is valid: it is read as an absent amount and written back empty, never as a number
/// the sender did not state.
/// </remarks>
/// <param name="Amount">The amount; null when the sender left it empty.</param>
/// <param name="Currency">The ISO 4217 currency.</param>
public sealed record SummaryAmount(decimal? Amount, string Currency);
