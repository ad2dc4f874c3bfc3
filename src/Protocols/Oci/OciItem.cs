namespace Punchout.Protocols.Oci;

/// <summary>One line of an OCI cart: the <c>NEW_ITEM-&lt;FIELD&gt;[n]</c> fields of PROTOCOLS.md §10, typed.</summary>
/// <remarks>Text is kept as given; <see cref="OciForm.Write"/> applies the field lengths and number formats.</remarks>
public sealed record OciItem
{
    /// <summary>DESCRIPTION (40): required unless <see cref="Matnr"/>; longer text goes to <see cref="LongText"/>.</summary>
    public string? Description { get; init; }

    /// <summary>MATNR (40): the buyer's own material number, only when known.</summary>
    public string? Matnr { get; init; }

    /// <summary>QUANTITY (15): required.</summary>
    public decimal Quantity { get; init; }

    /// <summary>UNIT (3): ISO unit code (PCE, KGM, ...); required without <see cref="Matnr"/>.</summary>
    public string? Unit { get; init; }

    /// <summary>PRICE (15): per <see cref="PriceUnit"/> units.</summary>
    public decimal? Price { get; init; }

    /// <summary>CURRENCY (5): ISO 4217; required with <see cref="Price"/>.</summary>
    public string? Currency { get; init; }

    /// <summary>PRICEUNIT (5): how many units <see cref="Price"/> is for; 1 when absent.</summary>
    public int? PriceUnit { get; init; }

    /// <summary>LEADTIME (5): days.</summary>
    public int? LeadTime { get; init; }

    /// <summary>LONGTEXT_n:132[]: any length.</summary>
    public string? LongText { get; init; }

    /// <summary>VENDOR (10): the supplier's number in the buyer's system.</summary>
    public string? Vendor { get; init; }

    /// <summary>VENDORMAT (40): the supplier's part number.</summary>
    public string? VendorMat { get; init; }

    /// <summary>MANUFACTCODE (10): the manufacturer's key in the buyer's system.</summary>
    public string? ManufactCode { get; init; }

    /// <summary>MANUFACTMAT (40): the manufacturer's part number.</summary>
    public string? ManufactMat { get; init; }

    /// <summary>MATGROUP (10): the buyer's material group (often a UNSPSC code).</summary>
    public string? MatGroup { get; init; }

    /// <summary>SERVICE (1): <c>X</c> for a service line.</summary>
    public bool Service { get; init; }

    /// <summary>CONTRACT (10): the contract the line needs.</summary>
    public string? Contract { get; init; }

    /// <summary>CONTRACT_ITEM (5).</summary>
    public string? ContractItem { get; init; }

    /// <summary>EXT_QUOTE_ID (35): the quote the line needs.</summary>
    public string? ExtQuoteId { get; init; }

    /// <summary>EXT_QUOTE_ITEM (10).</summary>
    public string? ExtQuoteItem { get; init; }

    /// <summary>EXT_PRODUCT_ID (40): the key DETAIL and VALIDATE are later called with.</summary>
    public string? ExtProductId { get; init; }

    /// <summary>ATTACHMENT (255): a URL.</summary>
    public string? Attachment { get; init; }

    /// <summary>ATTACHMENT_TITLE (255).</summary>
    public string? AttachmentTitle { get; init; }

    /// <summary>ATTACHMENT_PURPOSE (1): <c>C</c> for a configuration.</summary>
    public string? AttachmentPurpose { get; init; }

    /// <summary>EXT_SCHEMA_TYPE (10): required with the category fields.</summary>
    public string? ExtSchemaType { get; init; }

    /// <summary>EXT_CATEGORY_ID (60): the version-independent category key.</summary>
    public string? ExtCategoryId { get; init; }

    /// <summary>EXT_CATEGORY (40): the version-dependent category key.</summary>
    public string? ExtCategory { get; init; }

    /// <summary>SLD_SYS_NAME (60).</summary>
    public string? SldSysName { get; init; }

    /// <summary>CUST_FIELD1 (10).</summary>
    public string? CustField1 { get; init; }

    /// <summary>CUST_FIELD2 (10).</summary>
    public string? CustField2 { get; init; }

    /// <summary>CUST_FIELD3 (10).</summary>
    public string? CustField3 { get; init; }

    /// <summary>CUST_FIELD4 (20).</summary>
    public string? CustField4 { get; init; }

    /// <summary>CUST_FIELD5 (50).</summary>
    public string? CustField5 { get; init; }

    /// <summary>PARENT_ID (5, OCI 5.0): the line this one belongs to, in a hierarchy.</summary>
    public string? ParentId { get; init; }

    /// <summary>ITEM_TYPE (1, OCI 5.0): R, O or F in a hierarchy.</summary>
    public string? ItemType { get; init; }

    /// <summary>A line whose text fields (all but QUANTITY, PRICE, PRICEUNIT and LEADTIME) take the value
    /// <paramref name="text"/> gives for the field's name (DESCRIPTION, MATNR, ..., LONGTEXT); SERVICE is set by <c>X</c>.
    /// The numbers and extensions are set by the caller.</summary>
    public static OciItem FromText(Func<string, string?> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new OciItem
        {
            Description = text("DESCRIPTION"),
            Matnr = text("MATNR"),
            Unit = text("UNIT"),
            Currency = text("CURRENCY"),
            LongText = text("LONGTEXT"),
            Vendor = text("VENDOR"),
            VendorMat = text("VENDORMAT"),
            ManufactCode = text("MANUFACTCODE"),
            ManufactMat = text("MANUFACTMAT"),
            MatGroup = text("MATGROUP"),
            Service = string.Equals(text("SERVICE"), "X", StringComparison.OrdinalIgnoreCase),
            Contract = text("CONTRACT"),
            ContractItem = text("CONTRACT_ITEM"),
            ExtQuoteId = text("EXT_QUOTE_ID"),
            ExtQuoteItem = text("EXT_QUOTE_ITEM"),
            ExtProductId = text("EXT_PRODUCT_ID"),
            Attachment = text("ATTACHMENT"),
            AttachmentTitle = text("ATTACHMENT_TITLE"),
            AttachmentPurpose = text("ATTACHMENT_PURPOSE"),
            ExtSchemaType = text("EXT_SCHEMA_TYPE"),
            ExtCategoryId = text("EXT_CATEGORY_ID"),
            ExtCategory = text("EXT_CATEGORY"),
            SldSysName = text("SLD_SYS_NAME"),
            CustField1 = text("CUST_FIELD1"),
            CustField2 = text("CUST_FIELD2"),
            CustField3 = text("CUST_FIELD3"),
            CustField4 = text("CUST_FIELD4"),
            CustField5 = text("CUST_FIELD5"),
            ParentId = text("PARENT_ID"),
            ItemType = text("ITEM_TYPE"),
        };
    }

    /// <summary>Customer extension fields (<c>CI_OCI_CUSTOMER_EXTENSION</c>), by name without the NEW_ITEM- prefix.</summary>
    public IReadOnlyDictionary<string, string> Extensions { get; init; } = new Dictionary<string, string>();
}
