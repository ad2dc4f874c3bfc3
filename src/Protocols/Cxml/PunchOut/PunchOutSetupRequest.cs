namespace Punchout.Protocols.Cxml.PunchOut;

/// <summary>The operation a PunchOutSetupRequest asks for.</summary>
public enum PunchOutOperation
{
    /// <summary>A new cart.</summary>
    Create,

    /// <summary>Reopen a cart to change it.</summary>
    Edit,

    /// <summary>Reopen a cart to view it only.</summary>
    Inspect,

    /// <summary>A request for quotation from a sourcing application.</summary>
    Source,
}

/// <summary>A <c>PunchOutSetupRequest</c>: the procurement system asks to open a shopping session.</summary>
public sealed record PunchOutSetupRequest : CxmlRequestPayload, ICxmlElement
{
    /// <inheritdoc />
    public static string ElementName => "PunchOutSetupRequest";

    /// <inheritdoc />
    public override string RequestName => ElementName;

    /// <summary>create, edit, inspect or source.</summary>
    public required PunchOutOperation Operation { get; init; }

    /// <summary>Opaque, new for every session; echoed unchanged in the PunchOutOrderMessage.</summary>
    public required string BuyerCookie { get; init; }

    /// <summary>Free-form values (UserEmail, UniqueName, CostCenter, ...); none is guaranteed.</summary>
    public IReadOnlyList<Extrinsic> Extrinsics { get; init; } = [];

    /// <summary>Where the cart is posted back; its query string is kept.</summary>
    public string? BrowserFormPostUrl { get; init; }

    /// <summary>Contacts, such as the <c>endUser</c>.</summary>
    public IReadOnlyList<Contact> Contacts { get; init; } = [];

    /// <summary>Deprecated supplier URL; read and ignored.</summary>
    public string? SupplierSetupUrl { get; init; }

    /// <summary>Ship-to address, for pricing and lead-time estimates.</summary>
    public Address? ShipTo { get; init; }

    /// <summary>The item the user picked to start from; absent means the whole store.</summary>
    public ItemId? SelectedItem { get; init; }

    /// <summary>The current cart on edit and inspect.</summary>
    public IReadOnlyList<PunchOutItemOut> Items { get; init; } = [];
}

/// <summary>An <c>ItemOut</c> of an edit or inspect PunchOutSetupRequest: a line of the cart being reopened.</summary>
/// <param name="Quantity">How many units.</param>
/// <param name="ItemId">What it is, with the auxiliary id the supplier gave it.</param>
/// <param name="ItemDetail">Price, descriptions, unit, classifications, when the buyer sends them.</param>
/// <param name="LineNumber">The buyer's line number.</param>
public sealed record PunchOutItemOut(decimal Quantity, ItemId ItemId, ItemDetail? ItemDetail, int? LineNumber = null)
{
    /// <summary>When the buyer wants the line delivered.</summary>
    public DateTimeOffset? RequestedDeliveryDate { get; init; }

    /// <summary>The line's own ship-to.</summary>
    public Address? ShipTo { get; init; }

    /// <summary>People to contact about the line.</summary>
    public IReadOnlyList<Contact> Contacts { get; init; } = [];
}

/// <summary>A <c>PunchOutSetupResponse</c>: where to send the user's browser.</summary>
public sealed record PunchOutSetupResponse(string StartPageUrl) : CxmlResponsePayload;
