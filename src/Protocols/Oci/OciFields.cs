namespace Punchout.Protocols.Oci;

/// <summary>How an OCI field's value is written.</summary>
public enum OciFieldKind
{
    /// <summary>Characters, cut or refused at the length.</summary>
    Text,

    /// <summary>A number with at most 11 integer and 3 decimal digits, <c>.</c> as decimal point, no thousands separator.</summary>
    Number,

    /// <summary>A whole number.</summary>
    WholeNumber,
}

/// <summary>An OCI field: its name after <c>NEW_ITEM-</c>, its length in characters, how it is written, and which
/// OCI version introduced it.</summary>
public sealed record OciField(string Name, int Length, OciFieldKind Kind = OciFieldKind.Text, int SinceVersion = 3)
{
    /// <summary>DESCRIPTION.</summary>
    public static OciField Description { get; } = new("DESCRIPTION", 40);

    /// <summary>QUANTITY.</summary>
    public static OciField Quantity { get; } = new("QUANTITY", 15, OciFieldKind.Number);

    /// <summary>PRICE.</summary>
    public static OciField Price { get; } = new("PRICE", 15, OciFieldKind.Number);

    /// <summary>Every NEW_ITEM field but the long text, in the order the form lists them (PROTOCOLS.md §10).</summary>
    public static IReadOnlyList<OciField> All { get; } =
    [
        Description,
        new("MATNR", 40),
        Quantity,
        new("UNIT", 3),
        Price,
        new("CURRENCY", 5),
        new("PRICEUNIT", 5, OciFieldKind.WholeNumber),
        new("LEADTIME", 5, OciFieldKind.WholeNumber),
        new("VENDOR", 10),
        new("VENDORMAT", 40),
        new("MANUFACTCODE", 10),
        new("MANUFACTMAT", 40),
        new("MATGROUP", 10),
        new("SERVICE", 1),
        new("CONTRACT", 10),
        new("CONTRACT_ITEM", 5),
        new("EXT_QUOTE_ID", 35),
        new("EXT_QUOTE_ITEM", 10),
        new("EXT_PRODUCT_ID", 40),
        new("ATTACHMENT", 255),
        new("ATTACHMENT_TITLE", 255),
        new("ATTACHMENT_PURPOSE", 1),
        new("EXT_SCHEMA_TYPE", 10),
        new("EXT_CATEGORY_ID", 60),
        new("EXT_CATEGORY", 40),
        new("SLD_SYS_NAME", 60),
        new("CUST_FIELD1", 10),
        new("CUST_FIELD2", 10),
        new("CUST_FIELD3", 10),
        new("CUST_FIELD4", 20),
        new("CUST_FIELD5", 50),
        new("PARENT_ID", 5, SinceVersion: 5),
        new("ITEM_TYPE", 1, SinceVersion: 5),
    ];

    /// <summary>The field of that name (any letter case), or null.</summary>
    public static OciField? Named(string name) => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}
